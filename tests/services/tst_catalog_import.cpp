// storekeeper-test: postgres
// Product CSV import, driven by the case files in tests/data/csv/import: each
// NAME.csv has a NAME.json that says which lines are rejected (exactly), why,
// and what is created. A case may name a seed file imported first.
#include "TestDatabase.h"
#include "TestSessions.h"
#include "catalog/ProductImport.h"
#include "catalog/ProductImportWriter.h"
#include "catalog/ProductSearch.h"
#include "catalog/ProductService.h"
#include "db/Database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace sk;
using sk::test::sessionFor;

namespace {

QDir caseDirectory()
{
    QDir dir = QFileInfo(QString::fromUtf8(__FILE__)).dir();
    dir.cd(u"../data/csv/import"_s);
    return dir;
}

template<typename R>
QByteArray why(const R &result)
{
    return result.ok() ? QByteArray() : (result.error().message + u" | "_s + result.error().details).toUtf8();
}

QString describe(const ImportReport &report)
{
    QString text = report.summary() + u'\n';
    for (const ImportRejection &rejection : report.rejections)
        text += u"  line %1: %2\n"_s.arg(rejection.line).arg(rejection.reason);
    for (const QString &notice : report.notices)
        text += u"  note: "_s + notice + u'\n';
    return text;
}

} // namespace

class TestCatalogImport : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void caseFiles_data();
    void caseFiles();
    void fieldsArriveAsWritten();
    void shopifyFieldsAreMapped();
    void reimportUpdatesInsteadOfDuplicating();
    void dryRunWritesNothing();
    void cancelledImportWritesNothing();
    void failedImportWritesNothing();
    void importedProductsAreSearchable();
    void failedImportLeavesSearchAsItWas();
    void reportFileListsEveryRejection();
    void missingColumnIsRefused();
    void vendorImportsOnlyOwnProducts();
    void localImageFileIsRead();

private:
    Result<ImportReport> import(const QString &path, ProductImportOptions options = {},
                                const Session &actor = Session::system());
    QString writeFile(const QString &name, const QByteArray &content);
    Result<QVariant> scalar(const QString &sql, const QVariantList &values = {});
    qint64 count(const QString &table) { return scalar(u"SELECT COUNT(*) FROM "_s + table)->toLongLong(); }
    QString fingerprint();
    QList<qint64> searchIds(const QString &text);
    void verifySearchTables();

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCatalogImport::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    QVERIFY(m_db);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestCatalogImport::cleanup()
{
    m_db.reset();
    m_testDb.reset();
    m_dir.reset();
}

Result<ImportReport> TestCatalogImport::import(const QString &path, ProductImportOptions options, const Session &actor)
{
    return Database::wait(ProductImport(m_db).importFile(actor, path, options));
}

QString TestCatalogImport::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(content);
    return path;
}

Result<QVariant> TestCatalogImport::scalar(const QString &sql, const QVariantList &values)
{
    return Database::wait(m_db->read([sql, values](Connection &c) { return c.scalar(sql, values); }));
}

// Everything an import could touch, as text.
QString TestCatalogImport::fingerprint()
{
    Result<QString> text = Database::wait(m_db->read([](Connection &c) -> Result<QString> {
        QString out;
        for (const QString &sql :
             {u"SELECT id, vendor_id, category_id, name, slug, description, brand, status, tax_class, attributes, "
              "min_price_cents, version FROM products ORDER BY id"_s,
              u"SELECT id, product_id, sku, barcode, options, price_cents, compare_at_cents, cost_cents, "
              "weight_grams, is_active, position FROM product_variants ORDER BY id"_s,
              u"SELECT id, parent_id, name, slug, position FROM categories ORDER BY id"_s,
              u"SELECT id, name FROM vendors ORDER BY id"_s,
              u"SELECT id, product_id, position, alt_text, source_url FROM product_images ORDER BY id"_s,
              u"SELECT id, action, hash FROM audit_log ORDER BY id"_s}) {
            Result<QSqlQuery> rows = c.exec(sql);
            if (!rows)
                return rows.error();
            const int columns = rows.value().record().count();
            while (rows.value().next()) {
                for (int i = 0; i < columns; ++i)
                    out += rows.value().value(i).toString() + u'|';
                out += u'\n';
            }
            out += u"--\n"_s;
        }
        return out;
    }));
    return text.ok() ? text.value() : u"error: "_s + text.error().message;
}

void TestCatalogImport::caseFiles_data()
{
    QTest::addColumn<QString>("csvPath");
    const QDir dir = caseDirectory();
    const QStringList names = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
    QVERIFY2(names.size() >= 12, qPrintable(dir.absolutePath()));
    for (const QString &name : names)
        QTest::addRow("%s", qPrintable(name.chopped(5))) << dir.filePath(name.chopped(5) + u".csv"_s);
}

void TestCatalogImport::caseFiles()
{
    QFETCH(QString, csvPath);
    QFile jsonFile(csvPath.chopped(4) + u".json"_s);
    QVERIFY2(jsonFile.open(QIODevice::ReadOnly), qPrintable(jsonFile.fileName()));
    const QJsonObject expected = QJsonDocument::fromJson(jsonFile.readAll()).object();
    QVERIFY(!expected.isEmpty());

    if (expected.contains(u"seed"_s)) {
        Result<ImportReport> seeded = import(caseDirectory().filePath(expected.value(u"seed"_s).toString()));
        QVERIFY2(seeded.ok(), why(seeded));
        QVERIFY2(!seeded->hasRejections(), qPrintable(describe(seeded.value())));
    }
    const QString before = fingerprint();
    const qint64 productsBefore = count(u"products"_s);
    const qint64 variantsBefore = count(u"product_variants"_s);

    Result<ImportReport> report = import(csvPath);
    QVERIFY2(report.ok(), why(report));
    const QString text = describe(report.value());
    QCOMPARE(report->format, expected.value(u"format"_s).toString(u"storekeeper"_s));

    // Exactly these lines, each once, in file order.
    QList<qint64> wanted;
    const QJsonArray rejected = expected.value(u"rejected"_s).toArray();
    for (const QJsonValue &line : rejected)
        wanted.append(line.toInteger());
    QVERIFY2(report->rejectedLines() == wanted, qPrintable(text));
    QCOMPARE(report->rowsRejected, qint64(wanted.size()));
    const QJsonObject reasons = expected.value(u"reasons"_s).toObject();
    for (auto it = reasons.begin(); it != reasons.end(); ++it) {
        const qint64 line = it.key().toLongLong();
        bool found = false;
        for (const ImportRejection &rejection : report->rejections)
            if (rejection.line == line) {
                found = true;
                QVERIFY2(rejection.reason.contains(it.value().toString(), Qt::CaseInsensitive), qPrintable(text));
                QVERIFY2(rejection.reason.endsWith(u'.'), qPrintable(rejection.reason));
            }
        QVERIFY2(found, qPrintable(text));
    }
    const QJsonArray notices = expected.value(u"notices"_s).toArray();
    for (const QJsonValue &notice : notices)
        QVERIFY2(report->notices.join(u'\n').contains(notice.toString()), qPrintable(text));

    QCOMPARE(report->productsCreated, expected.value(u"created"_s).toInteger());
    QCOMPARE(report->productsUpdated, 0);
    QCOMPARE(count(u"products"_s) - productsBefore, expected.value(u"created"_s).toInteger());
    QCOMPARE(count(u"product_variants"_s) - variantsBefore, expected.value(u"variants"_s).toInteger());
    QCOMPARE(report->categoriesCreated, expected.value(u"categories"_s).toInteger());
    QCOMPARE(report->vendorsCreated, expected.value(u"vendors"_s).toInteger());
    QCOMPARE(report->imagesAdded, expected.value(u"images"_s).toInteger());
    if (report->productsCreated == 0)
        QCOMPARE(fingerprint(), before); // nothing valid: the database is as it was
}

void TestCatalogImport::fieldsArriveAsWritten()
{
    Result<ImportReport> report = import(caseDirectory().filePath(u"basic.csv"_s));
    QVERIFY2(report.ok(), why(report));
    QVERIFY2(!report->hasRejections(), qPrintable(describe(report.value())));
    const qint64 id = scalar(u"SELECT id FROM products WHERE slug = 'linen-shirt'"_s)->toLongLong();
    Result<Product> shirt = Database::wait(m_db->read([id](Connection &c) { return ProductService::getInTransaction(c, id); }));
    QVERIFY2(shirt.ok(), why(shirt));
    QCOMPARE(shirt->name, u"Linen Shirt"_s);
    QCOMPARE(shirt->description, u"Washed linen, relaxed fit"_s);
    QCOMPARE(shirt->brand, u"Nordhem"_s);
    QCOMPARE(shirt->attributes.value(u"material"_s).toString(), u"linen"_s);
    QCOMPARE(shirt->minPrice.minorUnits(), 4990);
    QVERIFY(shirt->vendorId);
    QCOMPARE(scalar(u"SELECT name FROM vendors WHERE id = ?"_s, {*shirt->vendorId})->toString(),
             u"Bianchi Leather Goods"_s);
    QCOMPARE(scalar(u"SELECT c.name || '/' || p.name || '/' || g.name FROM categories c JOIN categories p ON "
                    "c.parent_id = p.id JOIN categories g ON p.parent_id = g.id WHERE c.id = ?"_s,
                    {*shirt->categoryId})
                 ->toString(),
             u"Shirts/Men/Clothing"_s);
    QCOMPARE(shirt->variants.size(), 3);
    const Variant &blue = shirt->variants.at(2);
    QCOMPARE(blue.sku, u"SHIRT-M-BLU"_s);
    QCOMPARE(blue.options.value(u"Size"_s).toString(), u"M"_s);
    QCOMPARE(blue.options.value(u"Colour"_s).toString(), u"Blue"_s);
    QCOMPARE(blue.price.minorUnits(), 5200);
    QVERIFY(!blue.cost);
    QCOMPARE(blue.weightGrams, 250);
    QVERIFY(!blue.isActive);
    QCOMPARE(shirt->variants.at(0).compareAt->minorUnits(), 5990);
    QCOMPARE(shirt->variants.at(0).cost->minorUnits(), 2100);
    QCOMPARE(scalar(u"SELECT status || '/' || tax_class FROM products WHERE slug = 'green-tea'"_s)->toString(),
             u"out_of_stock/reduced"_s);
    // One journal entry for the import.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'product.imported'"_s)->toInt(), 1);
}

void TestCatalogImport::shopifyFieldsAreMapped()
{
    Result<ImportReport> report = import(caseDirectory().filePath(u"shopify_multirow.csv"_s));
    QVERIFY2(report.ok(), why(report));
    QCOMPARE(scalar(u"SELECT status FROM products WHERE slug = 'linen-towel'"_s)->toString(), u"inactive"_s);
    QCOMPARE(scalar(u"SELECT status FROM products WHERE slug = 'archived-cap'"_s)->toString(), u"discontinued"_s);
    QCOMPARE(scalar(u"SELECT options FROM product_variants WHERE sku = 'TOWEL-1'"_s)->toString(), u"{}"_s);
    QCOMPARE(scalar(u"SELECT description FROM products WHERE slug = 'classic-mug'"_s)->toString(),
             u"<p>Our \"classic\" mug.</p>\r\n<p>350 ml</p>"_s);
    const QJsonObject attributes = QJsonDocument::fromJson(
        scalar(u"SELECT attributes FROM products WHERE slug = 'classic-mug'"_s)->toString().toUtf8()).object();
    QCOMPARE(attributes.value(u"type"_s).toString(), u"Mugs"_s);
    QCOMPARE(attributes.value(u"tags"_s).toString(), u"ceramic, kitchen"_s);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM product_images i JOIN products p ON p.id = i.product_id "
                    "WHERE p.slug = 'classic-mug'"_s)
                 ->toInt(),
             3);
    QCOMPARE(scalar(u"SELECT alt_text FROM product_images WHERE source_url LIKE '%mug-detail.jpg'"_s)->toString(),
             u"Detail, \"close up\""_s);
}

void TestCatalogImport::reimportUpdatesInsteadOfDuplicating()
{
    const QString path = caseDirectory().filePath(u"basic.csv"_s);
    QVERIFY(import(path).ok());
    const QString first = fingerprint();
    Result<ImportReport> again = import(path);
    QVERIFY2(again.ok(), why(again));
    QCOMPARE(again->productsUnchanged, 2);
    QCOMPARE(again->productsCreated, 0);
    QCOMPARE(again->productsUpdated, 0);
    QCOMPARE(fingerprint(), first); // not even a journal entry

    // A changed price and a dropped variant: the same product, updated.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray content = file.readAll();
    const qsizetype blue = content.indexOf("linen-shirt,,,,,,,,,SHIRT-M-BLU");
    QVERIFY(blue > 0);
    content.remove(blue, content.indexOf('\n', blue) - blue + 1);
    content.replace("TEA-SEN-100,4006381330039,,,,,8.50", "tea-sen-100,4006381330039,,,,,9.25");
    const qint64 teaVariant = scalar(u"SELECT id FROM product_variants WHERE sku = 'TEA-SEN-100'"_s)->toLongLong();
    Result<ImportReport> changed = import(writeFile(u"changed.csv"_s, content));
    QVERIFY2(changed.ok(), why(changed));
    QVERIFY2(!changed->hasRejections(), qPrintable(describe(changed.value())));
    QCOMPARE(changed->productsUpdated, 2);
    QCOMPARE(count(u"products"_s), 2);
    QCOMPARE(count(u"product_variants"_s), 3);
    // Matched by SKU ignoring case: the variant keeps its id.
    QCOMPARE(scalar(u"SELECT id FROM product_variants WHERE upper(sku) = 'TEA-SEN-100'"_s)->toLongLong(), teaVariant);
    QCOMPARE(scalar(u"SELECT price_cents FROM product_variants WHERE id = ?"_s, {teaVariant})->toInt(), 925);
    QCOMPARE(scalar(u"SELECT min_price_cents FROM products WHERE slug = 'green-tea'"_s)->toInt(), 925);
}

void TestCatalogImport::dryRunWritesNothing()
{
    const QString before = fingerprint();
    ProductImportOptions options;
    options.dryRun = true;
    Result<ImportReport> report = import(caseDirectory().filePath(u"wrong_types.csv"_s), options);
    QVERIFY2(report.ok(), why(report));
    QVERIFY(report->dryRun);
    QCOMPARE(report->productsCreated, 1);
    QCOMPARE(report->rejectedLines(), (QList<qint64>{2, 3, 4, 5, 6, 7}));
    QVERIFY(report->summary().contains(u"nothing was written"_s));
    QCOMPARE(fingerprint(), before);

    // Against existing products it tells updates from unchanged ones.
    QVERIFY(import(caseDirectory().filePath(u"basic.csv"_s)).ok());
    const QString imported = fingerprint();
    Result<ImportReport> again = import(caseDirectory().filePath(u"basic.csv"_s), options);
    QVERIFY2(again.ok(), why(again));
    QCOMPARE(again->productsUnchanged, 2);
    QCOMPARE(fingerprint(), imported);
}

void TestCatalogImport::cancelledImportWritesNothing()
{
    // Enough rows for several progress calls; cancel on the second.
    QByteArray content = "handle,name,sku,price\n";
    for (int i = 0; i < 3 * ProductImport::kProgressEveryRows; ++i)
        content += u"p-%1,Product %1,SKU-%1,1.00\n"_s.arg(i).toUtf8();
    const QString path = writeFile(u"many.csv"_s, content);
    const QString before = fingerprint();
    ProductImportOptions options;
    options.cancel = std::make_shared<std::atomic<bool>>(false);
    std::atomic<int> calls{0};
    options.progress = [&calls, cancel = options.cancel](qint64 done, qint64 total) {
        QVERIFY(done <= total);
        if (++calls == 2)
            cancel->store(true);
    };
    Result<ImportReport> report = import(path, options);
    QVERIFY(!report.ok());
    QCOMPARE(report.error().code, ErrorCode::Cancelled);
    QVERIFY2(report.error().message.contains(u"nothing was imported"_s), qPrintable(report.error().message));
    QCOMPARE(calls.load(), 2);
    QCOMPARE(fingerprint(), before);

    // Without cancelling, the same file goes in whole.
    options.cancel->store(false);
    calls = 0;
    options.progress = [&calls](qint64, qint64) { ++calls; };
    Result<ImportReport> whole = import(path, options);
    QVERIFY2(whole.ok(), why(whole));
    QCOMPARE(whole->productsCreated, 3 * ProductImport::kProgressEveryRows);
    QVERIFY(calls.load() >= 3);
}

void TestCatalogImport::failedImportWritesNothing()
{
    const QString before = fingerprint();
    for (const QByteArray &content : {QByteArray(), QByteArray("colour,size\nred,L\n"), QByteArray("\"handle,name\n")}) {
        Result<ImportReport> report = import(writeFile(u"bad.csv"_s, content));
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, ErrorCode::InvalidInput);
        QVERIFY2(report.error().message.endsWith(u'.'), qPrintable(report.error().message));
    }
    QVERIFY(!import(m_dir->filePath(u"missing.csv"_s)).ok());
    QCOMPARE(fingerprint(), before);
}

// Every product is found by a piece of its name and by its SKU, however the
// import wrote it: in the same batch as others, before and after a search
// fill, created and then updated in the same file.
void TestCatalogImport::importedProductsAreSearchable()
{
    // Two pre-existing products, one of them updated by the file.
    QVERIFY(import(writeFile(u"seed.csv"_s, "handle,name,sku,price\n"
                                            "kettle,Copper Kettle,KET-1,30.00\n"
                                            "lamp,Reading Lamp,LAMP-1,25.00\n"))
                .ok());
    const int products = 3 * ProductImportWriter::kBatchProducts + 7;
    QByteArray content = "handle,name,sku,price\n";
    for (int i = 0; i < products; ++i) {
        content += u"item-%1,Quokka Item %1,QK-%1,1.00\n"_s.arg(i).toUtf8();
        // Without a handle the name makes the web name ("zebra-mug"); the
        // file's last product names that web name as its handle and so
        // updates it in the same import, while it waits for the search tables.
        if (i == 5)
            content += ",Zebra Mug,ZEB-1,5.00\n";
        if (i == ProductImportWriter::kBatchProducts + 3)
            content += "kettle,Copper Kettle Deluxe,KET-1,35.00\n";
    }
    content += "zebra-mug,Zebra Mug Large,ZEB-2,6.00\n";
    Result<ImportReport> report = import(writeFile(u"many.csv"_s, content));
    QVERIFY2(report.ok(), why(report));
    QVERIFY2(report->rejections.isEmpty(), qPrintable(describe(report.value())));
    QCOMPARE(report->productsCreated, products + 1);
    QCOMPARE(report->productsUpdated, 2);

    for (int i : {0, 1, ProductImportWriter::kBatchProducts, products / 2, products - 1}) {
        const qint64 id = scalar(u"SELECT id FROM products WHERE slug = ?"_s, {u"item-%1"_s.arg(i)})->toLongLong();
        QVERIFY(searchIds(u"Quokka Item %1"_s.arg(i)).contains(id));
        QVERIFY(searchIds(u"QK-%1"_s.arg(i)).contains(id));
    }
    QCOMPARE(searchIds(u"uokk"_s).size(), products);
    const qint64 kettle = scalar(u"SELECT id FROM products WHERE slug = 'kettle'"_s)->toLongLong();
    QCOMPARE(searchIds(u"Deluxe"_s), QList<qint64>{kettle});
    QCOMPARE(searchIds(u"Reading"_s).size(), 1);
    const qint64 zebra = scalar(u"SELECT id FROM products WHERE slug = 'zebra-mug'"_s)->toLongLong();
    QCOMPARE(searchIds(u"Zebra Mug Large"_s), QList<qint64>{zebra});
    QCOMPARE(searchIds(u"ZEB-2"_s), QList<qint64>{zebra});
    QVERIFY(searchIds(u"ZEB-1"_s).isEmpty());
    verifySearchTables();
}

// A failed or cancelled import leaves the search triggers working: what is
// written afterwards, one product at a time, is found.
void TestCatalogImport::failedImportLeavesSearchAsItWas()
{
    if (!m_testDb->isPostgres()) {
        // A variant the database refuses while the import's own INSERTs run
        // with the search triggers held.
        QVERIFY(Database::wait(m_db->write([](Connection &c) {
                    return c.run(u"CREATE TRIGGER refuse_boom BEFORE INSERT ON product_variants "
                                 "WHEN new.sku = 'BOOM-1' BEGIN SELECT RAISE(ABORT, 'refused'); END"_s);
                }))
                    .ok());
    }
    const QString before = fingerprint();
    QByteArray content = "handle,name,sku,price\n";
    for (int i = 0; i < 2 * ProductImportWriter::kBatchProducts; ++i)
        content += u"bad-%1,Walrus %1,WAL-%1,1.00\n"_s.arg(i).toUtf8();
    content += "boom,Boom,BOOM-1,1.00\n";
    Result<ImportReport> failed = import(writeFile(u"boom.csv"_s, content));
    if (!m_testDb->isPostgres()) {
        QVERIFY(!failed.ok());
        QCOMPARE(fingerprint(), before);
        QCOMPARE(count(u"search_deferred"_s), 0);
    }

    // Cancelled after some products were written.
    QByteArray many = "handle,name,sku,price\n";
    for (int i = 0; i < 3 * ProductImport::kProgressEveryRows; ++i)
        many += u"gone-%1,Narwhal %1,NAR-%1,1.00\n"_s.arg(i).toUtf8();
    ProductImportOptions options;
    options.cancel = std::make_shared<std::atomic<bool>>(false);
    options.progress = [cancel = options.cancel](qint64, qint64) { cancel->store(true); };
    const QString beforeCancel = fingerprint();
    Result<ImportReport> cancelled = import(writeFile(u"cancel.csv"_s, many), options);
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    QCOMPARE(fingerprint(), beforeCancel);
    if (!m_testDb->isPostgres())
        QCOMPARE(count(u"search_deferred"_s), 0);

    ProductDraft draft;
    draft.name = u"Pelican Teapot"_s;
    VariantDraft variant;
    variant.sku = u"PEL-42"_s;
    variant.price = u"12.00"_s;
    draft.variants = {variant};
    Result<Product> created = Database::wait(ProductService(m_db).create(sessionFor(1, Role::Admin), draft));
    QVERIFY2(created.ok(), why(created));
    QCOMPARE(searchIds(u"lican Tea"_s), QList<qint64>{created->id});
    QCOMPARE(searchIds(u"PEL-42"_s), QList<qint64>{created->id});
    QVERIFY(searchIds(u"Narwhal"_s).isEmpty());
    verifySearchTables();
}

QList<qint64> TestCatalogImport::searchIds(const QString &text)
{
    ProductSearchQuery query;
    query.text = text;
    Result<ProductIdList> found = Database::wait(ProductSearch(m_db).orderedIds(sessionFor(1, Role::Admin), query));
    if (!found) {
        qWarning() << found.error().message << found.error().details;
        return {};
    }
    return found->ids;
}

// SQLite: each search table holds exactly what its content table says (an
// entry missing, doubled or different fails FTS5's own check).
void TestCatalogImport::verifySearchTables()
{
    if (m_testDb->isPostgres())
        return;
    for (const QString &table : {u"product_text"_s, u"product_names"_s, u"product_words"_s, u"product_codes"_s}) {
        Status checked = Database::wait(m_db->write([table](Connection &c) {
            return c.run(u"INSERT INTO %1 (%1, rank) VALUES ('integrity-check', 1)"_s.arg(table));
        }));
        QVERIFY2(checked.ok(), (table.toUtf8() + ": " + why(checked)).constData());
    }
}

void TestCatalogImport::reportFileListsEveryRejection()
{
    ProductImportOptions options;
    options.reportPath = m_dir->filePath(u"report.csv"_s);
    Result<ImportReport> report = import(caseDirectory().filePath(u"shopify_multirow.csv"_s), options);
    QVERIFY2(report.ok(), why(report));
    QFile file(options.reportPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY2(text.startsWith(u"line,handle,sku,reason\r\n"_s), qPrintable(text));
    for (const QString &line : {u"\r\n7,broken-tee,TEE-S,"_s, u"\r\n8,broken-tee,TEE-M,"_s, u"\r\n9,broken-tee,,"_s})
        QVERIFY2(text.contains(line), qPrintable(text));
    QVERIFY2(text.contains(u"Variant Inventory Qty"_s), qPrintable(text));
}

void TestCatalogImport::missingColumnIsRefused()
{
    Result<ImportReport> report = import(writeFile(u"no-price.csv"_s, "handle,name,sku\nmug,Mug,MUG-1\n"));
    QVERIFY(!report.ok());
    QVERIFY2(report.error().message.contains(u"\"price\""_s), qPrintable(report.error().message));
    // Told the format, a file is read as that format.
    ProductImportOptions options;
    options.format = ProductCsvFormat::Kind::Shopify;
    Result<ImportReport> shopify = import(caseDirectory().filePath(u"basic.csv"_s), options);
    QVERIFY(!shopify.ok());
    QVERIFY2(shopify.error().message.contains(u"\"Title\""_s), qPrintable(shopify.error().message));
}

void TestCatalogImport::vendorImportsOnlyOwnProducts()
{
    Result<qint64> vendorId = Database::wait(m_db->write([](Connection &c) {
        return c.insert(u"INSERT INTO vendors (name, created_at) VALUES ('Sato Tea Company', ?) RETURNING id"_s,
                        {QDateTime::currentDateTimeUtc()});
    }));
    QVERIFY(vendorId.ok());
    // Someone else's product with the handle "shared".
    QVERIFY(import(writeFile(u"admin.csv"_s, "handle,name,sku,price\nshared,Shared,SHARED-1,1.00\n")).ok());
    const Session vendor = sessionFor(7, Role::Vendor, vendorId.value());
    const QByteArray content = "handle,name,vendor,category,sku,price\n"
                               "sencha,Sencha,,,SEN-1,5.00\n"
                               "matcha,Matcha,Sato Tea Company,,MAT-1,9.00\n"
                               "other,Other,Another Vendor,,OTH-1,1.00\n"
                               "shared,Mine Now,,,SHARED-2,1.00\n"
                               "newcat,New Cat,,Tea > Rare,NEW-1,1.00\n";
    Result<ImportReport> report = import(writeFile(u"vendor.csv"_s, content), {}, vendor);
    QVERIFY2(report.ok(), why(report));
    QCOMPARE(report->rejectedLines(), (QList<qint64>{4, 5, 6}));
    QCOMPARE(report->productsCreated, 2);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM products WHERE vendor_id = ?"_s, {vendorId.value()})->toInt(), 2);
    QCOMPARE(count(u"categories"_s), 0);
    QCOMPARE(scalar(u"SELECT name FROM products WHERE slug = 'shared'"_s)->toString(), u"Shared"_s);

    // A clerk may not import at all.
    Result<ImportReport> clerk = import(writeFile(u"clerk.csv"_s, content), {}, sessionFor(8, Role::Clerk));
    QVERIFY(!clerk.ok());
    QCOMPARE(clerk.error().code, ErrorCode::PermissionDenied);
}

void TestCatalogImport::localImageFileIsRead()
{
    // The smallest PNG there is: signature and an IHDR chunk are enough for
    // the type check; the import stores the bytes as they are.
    QByteArray png = QByteArray::fromHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489");
    writeFile(u"pic.png"_s, png);
    const QByteArray content = "handle,name,sku,price,image_src,image_alt\n"
                               "pic,Picture,PIC-1,1.00,pic.png,Relative\n"
                               "pic,,,,file://" + m_dir->filePath(u"pic.png"_s).toUtf8() + ",Absolute\n"
                               "nopic,No Picture,NOPIC-1,1.00,missing.png,\n";
    Result<ImportReport> report = import(writeFile(u"images.csv"_s, content));
    QVERIFY2(report.ok(), why(report));
    QCOMPARE(report->rejectedLines(), (QList<qint64>{4}));
    QCOMPARE(report->imagesAdded, 2);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM product_images WHERE mime = 'image/png' AND source_url = ''"_s)->toInt(), 2);
}

QTEST_GUILESS_MAIN(TestCatalogImport)
#include "tst_catalog_import.moc"
