// storekeeper-test: postgres
// Product CSV export: export, then import into an empty database, gives back
// the same catalog in both formats (every field, variants, categories,
// vendors, image addresses).
#include "TestDatabase.h"
#include "catalog/CsvReader.h"
#include "catalog/ProductExport.h"
#include "catalog/ProductImport.h"
#include "catalog/ProductService.h"
#include "db/Database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace sk;

Q_DECLARE_METATYPE(sk::ProductCsvFormat::Kind)

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

// The catalog as a person sees it, without ids or timestamps: products by
// handle with vendor name, category path, every field, variants in order
// and image addresses in order.
QString catalogOf(Database &database)
{
    Result<QString> text = Database::wait(database.read([](Connection &c) -> Result<QString> {
        QString out;
        Result<QSqlQuery> products = c.exec(
            u"SELECT p.id, p.slug, p.name, p.description, p.brand, p.status, p.tax_class, p.attributes, "
            "p.min_price_cents, COALESCE(v.name, ''), p.category_id FROM products p "
            "LEFT JOIN vendors v ON v.id = p.vendor_id ORDER BY p.slug"_s);
        if (!products)
            return products.error();
        // Read whole first: PostgreSQL loses an open result when the
        // connection runs another query.
        QList<QVariantList> rows;
        while (products.value().next()) {
            QVariantList row;
            for (int i = 0; i < 11; ++i)
                row.append(products.value().value(i));
            rows.append(row);
        }
        for (const QVariantList &p : std::as_const(rows)) {
            QString path;
            QVariant category = p.value(10);
            while (!category.isNull()) {
                Result<QSqlQuery> node =
                    c.exec(u"SELECT parent_id, name, slug, position FROM categories WHERE id = ?"_s, {category});
                if (!node || !node.value().next())
                    return Error::make(ErrorCode::Internal, u"category"_s);
                path = node.value().value(1).toString() + u'(' + node.value().value(2).toString() + u')'
                       + (path.isEmpty() ? QString() : u" > "_s + path);
                category = node.value().value(0);
            }
            out += u"product %1|%2|%3|%4|%5|%6|%7|%8|vendor %9|"_s.arg(
                p.value(1).toString(), p.value(2).toString(), p.value(3).toString(), p.value(4).toString(),
                p.value(5).toString(), p.value(6).toString(),
                QString::fromUtf8(QJsonDocument(QJsonDocument::fromJson(p.value(7).toString().toUtf8()).object())
                                      .toJson(QJsonDocument::Compact)),
                p.value(8).toString(), p.value(9).toString());
            out += u"category "_s + path + u'\n';
            Result<QSqlQuery> variants = c.exec(
                u"SELECT sku, barcode, options, option_key, price_cents, compare_at_cents, cost_cents, weight_grams, "
                "is_active, position FROM product_variants WHERE product_id = ? ORDER BY position"_s,
                {p.value(0)});
            if (!variants)
                return variants.error();
            while (variants.value().next()) {
                out += u"  variant"_s;
                for (int i = 0; i < 10; ++i)
                    out += u'|' + (variants.value().value(i).isNull() ? u"null"_s : variants.value().value(i).toString());
                out += u'\n';
            }
            Result<QSqlQuery> images = c.exec(
                u"SELECT position, alt_text, source_url FROM product_images WHERE product_id = ? ORDER BY position, id"_s,
                {p.value(0)});
            if (!images)
                return images.error();
            int index = 0;
            while (images.value().next())
                out += u"  image %1|%2|%3\n"_s.arg(++index).arg(images.value().value(1).toString(),
                                                             images.value().value(2).toString());
        }
        return out;
    }));
    return text.ok() ? text.value() : u"error: "_s + text.error().message + text.error().details;
}

} // namespace

class TestCatalogExport : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void roundTrip_data();
    void roundTrip();
    void shopifyLayout();
    void cancelledExportLeavesNoFile();
    void vendorExportsOwnProducts();

private:
    void fillCatalog();
    Result<ProductExportSummary> exportTo(const QString &path, ProductExportOptions options = {},
                                          const Session &actor = Session::system());

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCatalogExport::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    QVERIFY(m_db);
    m_dir = std::make_unique<QTemporaryDir>();
}

void TestCatalogExport::cleanup()
{
    m_db.reset();
    m_testDb.reset();
    m_dir.reset();
}

Result<ProductExportSummary> TestCatalogExport::exportTo(const QString &path, ProductExportOptions options,
                                                         const Session &actor)
{
    return Database::wait(ProductExport(m_db).exportFile(actor, path, options));
}

// Every kind of field: both case files, plus products made through the
// service with what the files lack (all states, odd text, three options).
void TestCatalogExport::fillCatalog()
{
    for (const QString &name : {u"basic.csv"_s, u"shopify_multirow.csv"_s}) {
        Result<ImportReport> report =
            Database::wait(ProductImport(m_db).importFile(Session::system(), caseDirectory().filePath(name), {}));
        QVERIFY2(report.ok(), why(report));
    }
    Result<QString> made = Database::wait(m_db->write([](Connection &c) -> Result<QString> {
        ProductDraft draft;
        draft.name = u"  Ünïcödé \"Quote\", comma\nnewline "_s;
        draft.description = u"=SUM(A1) starts like a formula, ends with a space "_s;
        draft.brand = u"Brand, Inc."_s;
        draft.status = ProductStatus::OutOfStock;
        draft.taxClass = u"zero"_s;
        draft.attributes = QJsonObject{{u"type"_s, 3}, {u"tags"_s, u"a, b"_s}, {u"nested"_s, QJsonObject{{u"x"_s, true}}}};
        for (const auto &[size, colour, fit] :
             {std::tuple{u"S"_s, u"Red"_s, u"Slim"_s}, std::tuple{u"M"_s, u"Red"_s, u"Slim"_s},
              std::tuple{u"S"_s, u"Blue, dark"_s, u"Wide"_s}}) {
            VariantDraft variant;
            variant.sku = u"ODD-"_s + size + u'-' + QString::number(colour.size()) + fit;
            variant.options = QJsonObject{{u"Size"_s, size}, {u"Colour"_s, colour}, {u"Fit"_s, fit}};
            variant.price = u"0.00"_s;
            variant.compareAt = u"1.00"_s;
            variant.isActive = size == u"S"_s;
            draft.variants.append(variant);
        }
        Result<Product> odd = ProductService::createInTransaction(c, Session::system(), draft);
        if (!odd)
            return odd.error();
        ProductDraft plain;
        plain.name = u"Discontinued thing"_s;
        plain.status = ProductStatus::Discontinued;
        VariantDraft only;
        only.sku = u"GONE-1"_s;
        only.price = u"3.00"_s;
        only.weightGrams = 0;
        plain.variants = {only};
        Result<Product> gone = ProductService::createInTransaction(c, Session::system(), plain);
        if (!gone)
            return gone.error();
        return odd->slug;
    }));
    QVERIFY2(made.ok(), why(made));
}

void TestCatalogExport::roundTrip_data()
{
    QTest::addColumn<ProductCsvFormat::Kind>("format");
    QTest::newRow("storekeeper") << ProductCsvFormat::Kind::Storekeeper;
    QTest::newRow("shopify") << ProductCsvFormat::Kind::Shopify;
}

void TestCatalogExport::roundTrip()
{
    QFETCH(ProductCsvFormat::Kind, format);
    fillCatalog();
    if (QTest::currentTestFailed())
        return;
    const QString original = catalogOf(*m_db);
    QVERIFY2(original.count(u"product "_s) == 7, qPrintable(original));

    const QString path = m_dir->filePath(u"export.csv"_s);
    ProductExportOptions options;
    options.format = format;
    QList<std::pair<qint64, qint64>> progress;
    options.progress = [&progress](qint64 done, qint64 total) { progress.append({done, total}); };
    Result<ProductExportSummary> summary = exportTo(path, options);
    QVERIFY2(summary.ok(), why(summary));
    QCOMPARE(summary->products, 7);
    QCOMPARE(summary->variants, 12);
    QCOMPARE(summary->images, 5);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast(), (std::pair<qint64, qint64>{7, 7}));

    // Into an empty database: the same catalog.
    test::TestDatabase otherDb;
    SK_REQUIRE_DATABASE(otherDb);
    std::shared_ptr<Database> other = otherDb.open();
    QVERIFY(other);
    Result<ImportReport> report = Database::wait(ProductImport(other).importFile(Session::system(), path, {}));
    QVERIFY2(report.ok(), why(report));
    QVERIFY2(!report->hasRejections(), qPrintable(report->rejections.value(0).reason));
    QCOMPARE(report->format, ProductCsvFormat(format).name());
    QCOMPARE(report->productsCreated, 7);
    QCOMPARE(catalogOf(*other), original);

    // And importing the export over the catalog it came from changes nothing.
    Result<ImportReport> again = Database::wait(ProductImport(m_db).importFile(Session::system(), path, {}));
    QVERIFY2(again.ok(), why(again));
    QCOMPARE(again->productsUnchanged, 7);
    QCOMPARE(catalogOf(*m_db), original);
}

void TestCatalogExport::shopifyLayout()
{
    fillCatalog();
    const QString path = m_dir->filePath(u"shopify.csv"_s);
    ProductExportOptions options;
    options.format = ProductCsvFormat::Kind::Shopify;
    QVERIFY(exportTo(path, options).ok());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    CsvReader reader(&file);
    QCOMPARE(reader.readHeader(), CsvStatus::Record);
    for (const QString &column : {u"Handle"_s, u"Title"_s, u"Body (HTML)"_s, u"Vendor"_s, u"Type"_s, u"Tags"_s,
                                  u"Published"_s, u"Option1 Name"_s, u"Variant SKU"_s, u"Variant Grams"_s,
                                  u"Variant Price"_s, u"Variant Barcode"_s, u"Image Src"_s, u"Status"_s})
        QVERIFY2(reader.columnIndex(column) >= 0, qPrintable(column));
    // classic-mug: two variant rows (the first with the images' first), then
    // an image-only row, all under one handle; product fields only on the first.
    CsvRecord record;
    QList<QStringList> mug;
    while (reader.readRecord(record) == CsvStatus::Record)
        if (record.fields.at(reader.columnIndex(u"Handle"_s)) == u"classic-mug"_s)
            mug.append(record.fields);
    QCOMPARE(mug.size(), 3);
    const auto at = [&reader](const QStringList &row, const QString &column) { return row.at(reader.columnIndex(column)); };
    QCOMPARE(at(mug[0], u"Title"_s), u"Classic Mug"_s);
    QCOMPARE(at(mug[0], u"Status"_s), u"active"_s);
    QCOMPARE(at(mug[0], u"Published"_s), u"TRUE"_s);
    QCOMPARE(at(mug[0], u"Type"_s), u"Mugs"_s);
    QCOMPARE(at(mug[1], u"Title"_s), QString());
    QCOMPARE(at(mug[1], u"Variant SKU"_s), u"MUG-SAND"_s);
    QCOMPARE(at(mug[2], u"Variant SKU"_s), QString());
    QCOMPARE(at(mug[2], u"Image Position"_s), u"3"_s);
}

void TestCatalogExport::cancelledExportLeavesNoFile()
{
    fillCatalog();
    const QString path = m_dir->filePath(u"cancelled.csv"_s);
    QFile existing(path);
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("old content\n");
    existing.close();
    ProductExportOptions options;
    options.cancel = std::make_shared<std::atomic<bool>>(true);
    Result<ProductExportSummary> summary = exportTo(path, options);
    QVERIFY(!summary.ok());
    QCOMPARE(summary.error().code, ErrorCode::Cancelled);
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("old content\n"));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList{u"cancelled.csv"_s});
}

void TestCatalogExport::vendorExportsOwnProducts()
{
    fillCatalog();
    const qint64 vendorId =
        Database::wait(m_db->read([](Connection &c) {
            return c.scalar(u"SELECT id FROM vendors WHERE name = 'Casa Ceramics'"_s);
        })).value().toLongLong();
    QVERIFY(vendorId > 0);
    Session vendor;
    vendor.userId = 5;
    vendor.email = u"casa@shop.test"_s;
    vendor.role = Role::Vendor;
    vendor.vendorId = vendorId;
    Result<ProductExportSummary> summary = exportTo(m_dir->filePath(u"vendor.csv"_s), {}, vendor);
    QVERIFY2(summary.ok(), why(summary));
    QCOMPARE(summary->products, 1);
    Session customer;
    customer.userId = 6;
    customer.role = Role::Customer;
    QCOMPARE(exportTo(m_dir->filePath(u"customer.csv"_s), {}, customer).error().code, ErrorCode::PermissionDenied);
}

QTEST_GUILESS_MAIN(TestCatalogExport)
#include "tst_catalog_export.moc"
