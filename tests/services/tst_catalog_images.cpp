// storekeeper-test: postgres
#include "TestDatabase.h"
#include "TestSessions.h"
#include "catalog/ProductImageService.h"
#include "catalog/ProductService.h"
#include "db/Database.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using sk::test::sessionFor;

Q_DECLARE_METATYPE(sk::NewProductImage)

namespace {

const QByteArray kPngMagic("\x89PNG\r\n\x1a\n", 8);
const QByteArray kJpegMagic("\xff\xd8\xff\xe0", 4);

// Every byte value, NULs and high bytes included, so that a driver that
// treats the blob as text is caught.
QByteArray everyByte(const QByteArray &magic, int repeat)
{
    QByteArray bytes = magic;
    for (int r = 0; r < repeat; ++r)
        for (int b = 0; b < 256; ++b)
            bytes.append(char(b));
    return bytes;
}

NewProductImage png(const QString &alt = {})
{
    NewProductImage image;
    image.mime = u"image/png"_s;
    image.data = everyByte(kPngMagic, 2);
    image.thumbnail = kPngMagic + QByteArray("thumb");
    image.altText = alt;
    return image;
}

QList<qint64> idsOf(const QList<ProductImageInfo> &images)
{
    QList<qint64> ids;
    for (const ProductImageInfo &image : images)
        ids.append(image.id);
    return ids;
}

} // namespace

class TestCatalogImages : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void addAndListInOrder();
    void blobRoundTripIsByteExact();
    void reorder();
    void removeKeepsPositionsDense();
    void refusalsWriteNothing_data();
    void refusalsWriteNothing();
    void sourceUrlWithoutData();
    void vendorIsolation();
    void replaceAsTheEditorSaves();
    void replaceRefusesAStaleList();
    void createProductWithImagesIsOneTransaction();
    void updateProductWithImagesChecksTheVersion();
    void changesAreAudited();

private:
    qint64 addVendor(const QString &name);
    qint64 addProduct(const Session &actor, const QString &sku);
    qint64 count(const QString &sql, const QVariantList &values = {});
    QList<ProductImageInfo> list(qint64 productId);
    ProductImageInfo add(qint64 productId, const NewProductImage &image);

    std::unique_ptr<test::TestDatabase> m_testDb;
    std::shared_ptr<Database> m_db;
    std::unique_ptr<ProductService> m_products;
    std::unique_ptr<ProductImageService> m_images;
    Session m_admin;
    Session m_vendorA;
    Session m_vendorB;
    Session m_clerk;
    qint64 m_product = 0;
};

void TestCatalogImages::init()
{
    m_testDb = std::make_unique<test::TestDatabase>();
    m_db = m_testDb->open();
    SK_REQUIRE_DATABASE(*m_testDb);
    QVERIFY(m_db);
    m_products = std::make_unique<ProductService>(m_db);
    m_images = std::make_unique<ProductImageService>(m_db);
    m_admin = sessionFor(1, Role::Admin);
    m_vendorA = sessionFor(2, Role::Vendor, addVendor(u"Acme"_s));
    m_vendorB = sessionFor(3, Role::Vendor, addVendor(u"Bolt"_s));
    m_clerk = sessionFor(4, Role::Clerk);
    m_product = addProduct(m_admin, u"MUG-1"_s);
    QVERIFY(m_product > 0);
}

void TestCatalogImages::cleanup()
{
    m_images.reset();
    m_products.reset();
    m_db.reset();
    m_testDb.reset();
}

qint64 TestCatalogImages::addVendor(const QString &name)
{
    Result<qint64> id = Database::wait(m_db->write([name](Connection &c) {
        return c.insert(u"INSERT INTO vendors (name, created_at) VALUES (?, ?) RETURNING id"_s,
                        {name, QDateTime::currentDateTimeUtc()});
    }));
    return id.ok() ? id.value() : 0;
}

qint64 TestCatalogImages::addProduct(const Session &actor, const QString &sku)
{
    ProductDraft draft;
    draft.name = u"Product "_s + sku;
    VariantDraft variant;
    variant.sku = sku;
    variant.price = u"9.99"_s;
    draft.variants = {variant};
    Result<Product> created = Database::wait(m_products->create(actor, draft));
    if (!created)
        qWarning() << created.error().message;
    return created.ok() ? created->id : 0;
}

qint64 TestCatalogImages::count(const QString &sql, const QVariantList &values)
{
    Result<QVariant> n = Database::wait(m_db->read([sql, values](Connection &c) { return c.scalar(sql, values); }));
    return n.ok() ? n->toLongLong() : -1;
}

QList<ProductImageInfo> TestCatalogImages::list(qint64 productId)
{
    Result<QList<ProductImageInfo>> images = Database::wait(m_images->list(m_admin, productId));
    if (!images)
        qWarning() << images.error().message;
    return images.ok() ? images.value() : QList<ProductImageInfo>{};
}

ProductImageInfo TestCatalogImages::add(qint64 productId, const NewProductImage &image)
{
    Result<ProductImageInfo> added = Database::wait(m_images->add(m_admin, productId, image));
    if (!added)
        qWarning() << added.error().message << added.error().details;
    return added.ok() ? added.value() : ProductImageInfo{};
}

void TestCatalogImages::addAndListInOrder()
{
    const ProductImageInfo first = add(m_product, png(u"Front"_s));
    const ProductImageInfo second = add(m_product, png(u"Side"_s));
    NewProductImage jpeg;
    jpeg.mime = u"image/jpg"_s; // a common misspelling, stored as image/jpeg
    jpeg.data = kJpegMagic + QByteArray(100, 'x');
    const ProductImageInfo third = add(m_product, jpeg);
    QVERIFY(first.id > 0 && second.id > 0 && third.id > 0);
    QCOMPARE(first.position, 0);
    QCOMPARE(second.position, 1);
    QCOMPARE(third.position, 2);
    QCOMPARE(third.mime, u"image/jpeg"_s);
    QCOMPARE(first.byteSize, qint64(8 + 512));

    const QList<ProductImageInfo> images = list(m_product);
    QCOMPARE(idsOf(images), (QList<qint64>{first.id, second.id, third.id}));
    QCOMPARE(images[0].altText, u"Front"_s);
    QCOMPARE(images[0].thumbnail, png().thumbnail);
    QVERIFY(images[2].thumbnail.isEmpty());
    QCOMPARE(images[2].byteSize, qint64(104));

    // Clerks read the catalog, pictures included.
    Result<QList<ProductImageInfo>> asClerk = Database::wait(m_images->list(m_clerk, m_product));
    QVERIFY(asClerk.ok());
    QCOMPARE(asClerk->size(), 3);
}

void TestCatalogImages::blobRoundTripIsByteExact()
{
    NewProductImage image = png();
    image.data = everyByte(kPngMagic, 16);
    QByteArray noise(1024 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(42);
    for (char &byte : noise)
        byte = char(generator.bounded(256));
    image.data += noise;
    image.thumbnail = everyByte(kPngMagic, 1);
    const ProductImageInfo added = add(m_product, image);
    QVERIFY(added.id > 0);
    QCOMPARE(added.byteSize, qint64(image.data.size()));

    Result<QByteArray> data = Database::wait(m_images->data(m_admin, added.id));
    QVERIFY2(data.ok(), qPrintable(data.ok() ? QString() : data.error().message));
    QCOMPARE(data->size(), image.data.size());
    QVERIFY(data.value() == image.data);
    QCOMPARE(list(m_product).constFirst().thumbnail, image.thumbnail);
}

void TestCatalogImages::reorder()
{
    const qint64 a = add(m_product, png()).id;
    const qint64 b = add(m_product, png()).id;
    const qint64 c = add(m_product, png()).id;

    QVERIFY(Database::wait(m_images->reorder(m_admin, m_product, {c, a, b})).ok());
    QList<ProductImageInfo> images = list(m_product);
    QCOMPARE(idsOf(images), (QList<qint64>{c, a, b}));
    for (int i = 0; i < images.size(); ++i)
        QCOMPARE(images[i].position, i);

    // Anything but exactly the product's images is refused and changes nothing.
    const QList<QList<qint64>> wrong{{c, a}, {c, a, b, b}, {c, a, b, 999999}, {c, a, a}};
    for (const QList<qint64> &order : wrong) {
        const Status refused = Database::wait(m_images->reorder(m_admin, m_product, order));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
    }
    QCOMPARE(idsOf(list(m_product)), (QList<qint64>{c, a, b}));
}

void TestCatalogImages::removeKeepsPositionsDense()
{
    const qint64 a = add(m_product, png()).id;
    const qint64 b = add(m_product, png()).id;
    const qint64 c = add(m_product, png()).id;
    QVERIFY(Database::wait(m_images->remove(m_admin, b)).ok());
    QList<ProductImageInfo> images = list(m_product);
    QCOMPARE(idsOf(images), (QList<qint64>{a, c}));
    QCOMPARE(images[0].position, 0);
    QCOMPARE(images[1].position, 1);
    const qint64 d = add(m_product, png()).id;
    QCOMPARE(list(m_product).constLast().id, d);
    QCOMPARE(list(m_product).constLast().position, 2);

    const Status again = Database::wait(m_images->remove(m_admin, b));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, ErrorCode::NotFound);

    // Removing the product takes its pictures with it.
    QVERIFY(Database::wait(m_products->remove(m_admin, m_product)).ok());
    QCOMPARE(count(u"SELECT COUNT(*) FROM product_images"_s), 0);
}

void TestCatalogImages::refusalsWriteNothing_data()
{
    QTest::addColumn<NewProductImage>("image");
    QTest::addColumn<QString>("expected");

    NewProductImage tooLarge = png();
    tooLarge.data = kPngMagic + QByteArray(ProductImageService::kMaxImageBytes, 'x');
    QTest::newRow("too large") << tooLarge << u"too large"_s;

    NewProductImage atLimit = png();
    atLimit.data = kPngMagic + QByteArray(ProductImageService::kMaxImageBytes - 7, 'x');
    QTest::newRow("one byte over") << atLimit << u"too large"_s;

    NewProductImage wrongMime = png();
    wrongMime.mime = u"image/png"_s;
    wrongMime.data = kJpegMagic + QByteArray(10, 'x');
    QTest::newRow("declared png, is jpeg") << wrongMime << u"marked as image/png"_s;

    NewProductImage notAPicture;
    notAPicture.mime = u"image/png"_s;
    notAPicture.data = "%PDF-1.7 not a picture";
    QTest::newRow("not a picture") << notAPicture << u"not a picture"_s;

    NewProductImage bmp;
    bmp.mime = u"image/bmp"_s;
    bmp.data = "BM\x36\x00\x00\x00";
    QTest::newRow("bmp") << bmp << u"not a picture"_s;

    NewProductImage tiffUrl;
    tiffUrl.mime = u"image/tiff"_s;
    tiffUrl.sourceUrl = u"https://cdn.example/a.tiff"_s;
    QTest::newRow("tiff by address") << tiffUrl << u"image/tiff"_s;

    QTest::newRow("nothing") << NewProductImage{} << u"Choose a picture"_s;

    NewProductImage longAlt = png();
    longAlt.altText = QString(ProductImageService::kMaxAltTextLength + 1, u'a');
    QTest::newRow("long alt text") << longAlt << u"description"_s;

    NewProductImage badThumbnail = png();
    badThumbnail.thumbnail = "not a picture";
    QTest::newRow("thumbnail not a picture") << badThumbnail << u"preview"_s;
}

void TestCatalogImages::refusalsWriteNothing()
{
    QFETCH(NewProductImage, image);
    QFETCH(QString, expected);
    const qint64 auditBefore = count(u"SELECT COUNT(*) FROM audit_log"_s);
    Result<ProductImageInfo> added = Database::wait(m_images->add(m_admin, m_product, image));
    QVERIFY(!added.ok());
    QCOMPARE(added.error().code, ErrorCode::InvalidInput);
    QVERIFY2(added.error().message.contains(expected), qPrintable(added.error().message));
    QCOMPARE(ProductImageService::imageProblem(image), added.error().message);
    QCOMPARE(count(u"SELECT COUNT(*) FROM product_images"_s), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM audit_log"_s), auditBefore);
}

void TestCatalogImages::sourceUrlWithoutData()
{
    NewProductImage remote;
    remote.sourceUrl = u"  https://cdn.shopify.example/files/mug.jpg  "_s;
    remote.mime = u"image/jpeg"_s;
    remote.altText = u"Mug"_s;
    const ProductImageInfo added = add(m_product, remote);
    QVERIFY(added.id > 0);
    QCOMPARE(added.sourceUrl, u"https://cdn.shopify.example/files/mug.jpg"_s);
    QCOMPARE(added.byteSize, qint64(0));
    QVERIFY(!added.hasData());
    QCOMPARE(count(u"SELECT COUNT(*) FROM product_images WHERE data IS NULL"_s), 1);
    Result<QByteArray> data = Database::wait(m_images->data(m_admin, added.id));
    QVERIFY(data.ok());
    QVERIFY(data->isEmpty());

    // Through the transaction API, as the importer calls it.
    Result<QList<ProductImageInfo>> listed = Database::wait(m_db->write([this](Connection &c) {
        NewProductImage second;
        second.sourceUrl = u"https://cdn.shopify.example/files/mug-2.jpg"_s;
        Result<ProductImageInfo> ok = ProductImageService::addInTransaction(c, Session::system(), m_product, second);
        if (!ok)
            return Result<QList<ProductImageInfo>>(ok.error());
        return ProductImageService::listInTransaction(c, m_product);
    }));
    QVERIFY(listed.ok());
    QCOMPARE(listed->size(), 2);
    QCOMPARE(listed->at(1).position, 1);
    QCOMPARE(listed->at(1).mime, QString());
}

void TestCatalogImages::vendorIsolation()
{
    const qint64 own = addProduct(m_vendorA, u"ACME-1"_s);
    QVERIFY(own > 0);
    Result<ProductImageInfo> mine = Database::wait(m_images->add(m_vendorA, own, png()));
    QVERIFY(mine.ok());
    const qint64 imageId = mine->id;

    Result<ProductImageInfo> onShops = Database::wait(m_images->add(m_vendorA, m_product, png()));
    QVERIFY(!onShops.ok());
    QCOMPARE(onShops.error().code, ErrorCode::NotFound);

    Result<QList<ProductImageInfo>> listed = Database::wait(m_images->list(m_vendorB, own));
    QVERIFY(!listed.ok());
    QCOMPARE(listed.error().code, ErrorCode::NotFound);
    Result<QByteArray> data = Database::wait(m_images->data(m_vendorB, imageId));
    QVERIFY(!data.ok());
    QCOMPARE(data.error().code, ErrorCode::NotFound);
    QCOMPARE(Database::wait(m_images->remove(m_vendorB, imageId)).error().code, ErrorCode::NotFound);
    QCOMPARE(Database::wait(m_images->reorder(m_vendorB, own, {imageId})).error().code, ErrorCode::NotFound);
    QCOMPARE(Database::wait(m_images->setAltText(m_vendorB, imageId, u"x"_s)).error().code, ErrorCode::NotFound);
    QCOMPARE(Database::wait(m_images->add(m_vendorB, own, png())).error().code, ErrorCode::NotFound);
    QCOMPARE(Database::wait(m_images->replace(m_vendorB, own, {imageId}, {})).error().code, ErrorCode::NotFound);

    // Clerks may look but not change.
    QVERIFY(Database::wait(m_images->list(m_clerk, own)).ok());
    QCOMPARE(Database::wait(m_images->add(m_clerk, own, png())).error().code, ErrorCode::PermissionDenied);
    QCOMPARE(Database::wait(m_images->remove(m_clerk, imageId)).error().code, ErrorCode::PermissionDenied);

    QCOMPARE(count(u"SELECT COUNT(*) FROM product_images"_s), 1);
    QVERIFY(Database::wait(m_images->setAltText(m_vendorA, imageId, u"Own mug"_s)).ok());
    QVERIFY(Database::wait(m_images->remove(m_vendorA, imageId)).ok());
}

void TestCatalogImages::replaceAsTheEditorSaves()
{
    const qint64 a = add(m_product, png(u"A"_s)).id;
    const qint64 b = add(m_product, png(u"B"_s)).id;
    const qint64 c = add(m_product, png(u"C"_s)).id;

    ProductImageSlot keepC;
    keepC.imageId = c;
    keepC.image.altText = u"C, front"_s;
    ProductImageSlot fresh;
    fresh.image = png(u"New"_s);
    ProductImageSlot keepA;
    keepA.imageId = a;
    keepA.image.altText = u"A"_s;
    Result<QList<ProductImageInfo>> saved =
        Database::wait(m_images->replace(m_admin, m_product, {a, b, c}, {keepC, fresh, keepA}));
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    QCOMPARE(saved->size(), 3);
    QCOMPARE(saved->at(0).id, c);
    QCOMPARE(saved->at(0).altText, u"C, front"_s);
    QCOMPARE(saved->at(1).altText, u"New"_s);
    QCOMPARE(saved->at(2).id, a);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(saved->at(i).position, i);
    QCOMPARE(idsOf(list(m_product)), idsOf(saved.value()));

    // A bad new picture refuses the whole list.
    ProductImageSlot bad;
    bad.image.data = "nope";
    const Result<QList<ProductImageInfo>> refused =
        Database::wait(m_images->replace(m_admin, m_product, idsOf(saved.value()), {bad}));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
    QCOMPARE(idsOf(list(m_product)), idsOf(saved.value()));
}

void TestCatalogImages::replaceRefusesAStaleList()
{
    const qint64 a = add(m_product, png()).id;
    // Someone else adds a picture after the editor read [a].
    const qint64 b = add(m_product, png()).id;
    ProductImageSlot keepA;
    keepA.imageId = a;
    const Result<QList<ProductImageInfo>> stale = Database::wait(m_images->replace(m_admin, m_product, {a}, {keepA}));
    QVERIFY(!stale.ok());
    QCOMPARE(stale.error().code, ErrorCode::Conflict);
    QVERIFY(stale.error().message.contains(u"Reopen the product"_s));
    QCOMPARE(idsOf(list(m_product)), (QList<qint64>{a, b}));
}

void TestCatalogImages::createProductWithImagesIsOneTransaction()
{
    ProductDraft draft;
    draft.name = u"Teapot"_s;
    VariantDraft variant;
    variant.sku = u"TEA-1"_s;
    variant.price = u"24.00"_s;
    draft.variants = {variant};
    Result<Product> created =
        Database::wait(m_images->createProductWithImages(m_admin, draft, {png(u"Front"_s), png(u"Back"_s)}));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message));
    const QList<ProductImageInfo> images = list(created->id);
    QCOMPARE(images.size(), 2);
    QCOMPARE(images[1].altText, u"Back"_s);

    // The product would be valid, one picture is not: nothing is created.
    const qint64 productsBefore = count(u"SELECT COUNT(*) FROM products"_s);
    draft.name = u"Kettle"_s;
    draft.variants[0].sku = u"KET-1"_s;
    NewProductImage wrong = png();
    wrong.data = "GIF89a";
    wrong.mime = u"image/png"_s;
    const Result<Product> refused = Database::wait(m_images->createProductWithImages(m_admin, draft, {png(), wrong}));
    QVERIFY(!refused.ok());
    QCOMPARE(count(u"SELECT COUNT(*) FROM products"_s), productsBefore);

    // A product refusal leaves no picture behind either.
    draft.variants[0].sku = u"TEA-1"_s;
    const Result<Product> duplicate = Database::wait(m_images->createProductWithImages(m_admin, draft, {png()}));
    QVERIFY(!duplicate.ok());
    QCOMPARE(count(u"SELECT COUNT(*) FROM product_images"_s), 2);
}

void TestCatalogImages::updateProductWithImagesChecksTheVersion()
{
    Result<Product> read = Database::wait(m_products->get(m_admin, m_product));
    QVERIFY(read.ok());
    const qint64 a = add(m_product, png(u"A"_s)).id;
    ProductDraft draft;
    draft.name = u"Renamed"_s;
    VariantDraft variant;
    variant.id = read->variants.first().id;
    variant.sku = read->variants.first().sku;
    variant.price = u"12.50"_s;
    draft.variants = {variant};
    ProductImageSlot keepA;
    keepA.imageId = a;
    keepA.image.altText = u"A, renamed"_s;
    ProductImageSlot fresh;
    fresh.image = png(u"B"_s);

    Result<Product> saved = Database::wait(
        m_images->updateProductWithImages(m_admin, m_product, read->version, draft, {a}, {fresh, keepA}));
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    QCOMPARE(saved->name, u"Renamed"_s);
    QCOMPARE(saved->version, read->version + 1);
    QList<ProductImageInfo> images = list(m_product);
    QCOMPARE(images.size(), 2);
    QCOMPARE(images[0].altText, u"B"_s);
    QCOMPARE(images[1].altText, u"A, renamed"_s);

    // Saving again from the old version is refused with the product's
    // sentence, and neither the product nor its pictures change.
    draft.name = u"Stale"_s;
    const Result<Product> stale =
        Database::wait(m_images->updateProductWithImages(m_admin, m_product, read->version, draft, idsOf(images), {}));
    QVERIFY(!stale.ok());
    QCOMPARE(stale.error().code, ErrorCode::Conflict);
    QVERIFY2(stale.error().message.startsWith(u"Someone else changed \"Renamed\""_s),
             qPrintable(stale.error().message));
    QCOMPARE(idsOf(list(m_product)), idsOf(images));

    // A refused picture list leaves the product as it was.
    const Result<Product> refused = Database::wait(
        m_images->updateProductWithImages(m_admin, m_product, saved->version, draft, {a}, {keepA}));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Conflict);
    QCOMPARE(Database::wait(m_products->get(m_admin, m_product))->name, u"Renamed"_s);
}

void TestCatalogImages::changesAreAudited()
{
    const qint64 a = add(m_product, png()).id;
    const qint64 b = add(m_product, png()).id;
    QVERIFY(Database::wait(m_images->reorder(m_admin, m_product, {b, a})).ok());
    QVERIFY(Database::wait(m_images->setAltText(m_admin, a, u"Side"_s)).ok());
    QVERIFY(Database::wait(m_images->remove(m_admin, a)).ok());
    // A thumbnail is a cache, not a change to the catalog.
    QVERIFY(Database::wait(m_images->setThumbnail(m_admin, b, kPngMagic + QByteArray("t"))).ok());
    const QString subject = u"product:%1"_s.arg(m_product);
    auto entries = [&](const QString &action) {
        return count(u"SELECT COUNT(*) FROM audit_log WHERE action = ? AND subject = ?"_s, {action, subject});
    };
    QCOMPARE(entries(u"product.image_added"_s), 2);
    QCOMPARE(entries(u"product.images_reordered"_s), 1);
    QCOMPARE(entries(u"product.image_changed"_s), 1);
    QCOMPARE(entries(u"product.image_removed"_s), 1);
    QCOMPARE(count(u"SELECT COUNT(*) FROM audit_log WHERE action LIKE 'product.image%'"_s), 5);
}

QTEST_GUILESS_MAIN(TestCatalogImages)
#include "tst_catalog_images.moc"
