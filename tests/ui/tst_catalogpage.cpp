// The Catalog page driven by keyboard and mouse on a shop whose products are
// created through ProductService: search as you type, a category choice,
// sorting by a header click, bulk edit, delete, the editor's keys, and what
// vendors and clerks see.
// storekeeper-test: postgres

#include "CategoryTreeModel.h"
#include "ProductImages.h"
#include "ProductTableModel.h"
#include "UiTestShop.h"
#include "catalog/BulkEditDialog.h"
#include "catalog/CatalogFilterBar.h"
#include "catalog/CatalogPage.h"
#include "catalog/CatalogTransfer.h"
#include "catalog/CategoryPanel.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductEditorDialog.h"
#include "catalog/ProductImageService.h"
#include "catalog/ProductService.h"

#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

struct Item {
    QString name;
    QString sku;
    QString price;
    QString brand;
    QString category; // "" = none
};

const QList<Item> Items{
    {u"Espresso Cup"_s, u"CUP-ESP"_s, u"4.50"_s, u"Bialetti"_s, u"Cups"_s},
    {u"Latte Mug"_s, u"MUG-LAT"_s, u"9.90"_s, u"Bialetti"_s, u"Cups"_s},
    {u"Travel Mug"_s, u"MUG-TRV"_s, u"18.00"_s, u"Stanley"_s, u"Cups"_s},
    {u"Dinner Plate"_s, u"PLT-DIN"_s, u"12.00"_s, u"Villeroy"_s, u"Plates"_s},
    {u"Side Plate"_s, u"PLT-SID"_s, u"7.25"_s, u"Villeroy"_s, u"Plates"_s},
    {u"Bread Knife"_s, u"KNF-BRD"_s, u"29.00"_s, u"Wüsthof"_s, u"Kitchen"_s},
    {u"Garden Hose 25 m"_s, u"HOS-25"_s, u"34.99"_s, u"Gardena"_s, u"Garden"_s},
    {u"Watering Can"_s, u"CAN-10"_s, u"15.50"_s, u"Gardena"_s, u"Garden"_s},
    {u"Pruning Shears"_s, u"SHR-01"_s, u"22.40"_s, u"Felco"_s, u"Garden"_s},
    {u"Gift Card"_s, u"GIFT-25"_s, u"25.00"_s, QString(), QString()},
};

QByteArray pictureOf(const QColor &colour)
{
    QImage image(160, 120, QImage::Format_RGB32);
    image.fill(colour);
    QPainter painter(&image);
    painter.setBrush(colour.darker(160));
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(QRect(40, 20, 80, 80));
    painter.end();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

} // namespace

class TestCatalogPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void listsProductsWithACount();
    void searchesAsYouType();
    void ctrlFAndF3FocusTheSearch();
    void downFromTheSearchGoesToTheTable();
    void aCategoryFiltersWithItsSubcategories();
    void headerClickSortsByPrice();
    void filterBarNarrowsAndExplainsMistakes();
    void bulkEditChangesPrices();
    void bulkEditMovesToACategory();
    void enterDoubleClickAndInsertOpenTheEditor();
    void enterOpensTheProductEditorDialog();
    void deleteAsksFirst();
    void vendorsSeeTheirOwnProductsOnly();
    void clerksOnlyLook();
    void administratorsAddCategories();
    void exportsTheCatalog();
    void scrollsFarIntoALargeCatalog();

private:
    // With a stand-in for the product editor that records what it was asked.
    bool openPage(const Session &session, bool standInEditor = true);
    qint64 categoryId(const QString &name) const { return m_categories.value(name); }
    qint64 productId(const QString &sku) const { return m_products.value(sku); }
    QStringList names();
    QStringList skus();
    QSet<QString> skuSet()
    {
        const QStringList list = skus();
        return QSet<QString>(list.cbegin(), list.cend());
    }
    void clickRow(int row, Qt::KeyboardModifiers modifiers = {});
    void clickHeader(int column);
    bool waitForRows();
    qint64 priceOf(const QString &sku);

    std::unique_ptr<test::UiTestShop> m_shop;
    std::unique_ptr<CatalogPage> m_page;
    QHash<QString, qint64> m_categories;
    QHash<QString, qint64> m_products;
    QList<std::optional<qint64>> m_editorCalls;
};

void TestCatalogPage::initTestCase()
{
    test::isolateSettings();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestCatalogPage::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
    m_categories.clear();
    m_products.clear();
    m_editorCalls.clear();

    const auto addCategory = [this](const QString &name, std::optional<qint64> parent) {
        NewCategory category;
        category.name = name;
        category.parentId = parent;
        const Result<Category> created = Database::wait(m_shop->services.categories->create(m_shop->admin, category));
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        m_categories.insert(name, created->id);
    };
    addCategory(u"Kitchen"_s, std::nullopt);
    addCategory(u"Cups"_s, categoryId(u"Kitchen"_s));
    addCategory(u"Plates"_s, categoryId(u"Kitchen"_s));
    addCategory(u"Garden"_s, std::nullopt);

    const QList<QColor> colours{Qt::darkCyan, Qt::darkYellow, Qt::darkMagenta, Qt::darkGreen, Qt::darkRed};
    for (int i = 0; i < Items.size(); ++i) {
        const Item &item = Items.at(i);
        ProductDraft draft;
        draft.name = item.name;
        draft.brand = item.brand;
        if (!item.category.isEmpty())
            draft.categoryId = categoryId(item.category);
        VariantDraft variant;
        variant.sku = item.sku;
        variant.price = item.price;
        draft.variants = {variant};
        const Result<Product> created = Database::wait(m_shop->services.products->create(m_shop->admin, draft));
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        m_products.insert(item.sku, created->id);
        if (i < 6) {
            const Result<NewProductImage> image = ProductImages::fromBytes(pictureOf(colours.at(i % colours.size())));
            QVERIFY(image.ok());
            QVERIFY(Database::wait(m_shop->services.images->add(m_shop->admin, created->id, image.value())).ok());
        }
    }
}

void TestCatalogPage::cleanup()
{
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        if (qobject_cast<QDialog *>(window))
            window->close();
    m_page.reset();
    m_shop.reset();
}

bool TestCatalogPage::openPage(const Session &session, bool standInEditor)
{
    m_page = std::make_unique<CatalogPage>(m_shop->services, session);
    if (standInEditor)
        m_page->setEditorOpener(
            [this](CatalogPage *, std::optional<qint64> productId) { m_editorCalls.append(productId); });
    m_page->resize(1280, 720);
    m_page->show();
    m_page->activateWindow();
    if (!QTest::qWaitForWindowExposed(m_page.get()))
        return false;
    return QTest::qWaitFor([this] { return m_page->categoryPanel()->model()->isLoaded(); }) && waitForRows();
}

bool TestCatalogPage::waitForRows()
{
    ProductTableModel *model = m_page->model();
    return QTest::qWaitFor([model] {
        if (model->isLoading() || !model->hasIds())
            return false;
        for (int row = 0; row < model->rowCount(); ++row)
            if (!model->isRowLoaded(row))
                return false;
        return true;
    });
}

QStringList TestCatalogPage::names()
{
    QStringList result;
    for (int row = 0; row < m_page->model()->rowCount(); ++row)
        result.append(m_page->model()->index(row, ProductTableModel::NameColumn).data().toString());
    return result;
}

QStringList TestCatalogPage::skus()
{
    QStringList result;
    for (int row = 0; row < m_page->model()->rowCount(); ++row)
        result.append(m_page->model()->index(row, ProductTableModel::SkuColumn).data().toString());
    return result;
}

void TestCatalogPage::clickRow(int row, Qt::KeyboardModifiers modifiers)
{
    QTableView *view = m_page->view();
    const QRect cell = view->visualRect(m_page->model()->index(row, ProductTableModel::NameColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers, cell.center());
}

void TestCatalogPage::clickHeader(int column)
{
    QHeaderView *header = m_page->view()->horizontalHeader();
    const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
}

qint64 TestCatalogPage::priceOf(const QString &sku)
{
    const Result<Product> product = Database::wait(m_shop->services.products->get(m_shop->admin, productId(sku)));
    return product ? product->variants.constFirst().price.minorUnits() : -1;
}

void TestCatalogPage::listsProductsWithACount()
{
    QVERIFY(openPage(m_shop->admin));
    QCOMPARE(m_page->model()->rowCount(), Items.size());
    QVERIFY(m_page->hasLoaded());
    QCOMPARE(m_page->countText(), u"10 products"_s);
    // By name when nothing is searched.
    QCOMPARE(names().constFirst(), u"Bread Knife"_s);
    QCOMPARE(names().constLast(), u"Watering Can"_s);
    const int cup = m_page->model()->rowOfProduct(productId(u"CUP-ESP"_s));
    QCOMPARE(m_page->model()->index(cup, ProductTableModel::PriceColumn).data().toString(),
             Money(450, u"EUR").toString(QLocale()));
    QCOMPARE(m_page->model()->index(cup, ProductTableModel::CategoryColumn).data().toString(), u"Cups"_s);
    QCOMPARE(m_page->model()->index(cup, ProductTableModel::ThumbnailColumn).data(Qt::DecorationRole).typeId(),
             QMetaType::QImage);
    QCOMPARE(m_page->view()->horizontalHeader()->sortIndicatorSection(), int(ProductTableModel::NameColumn));

    QTreeView *tree = m_page->categoryPanel()->view();
    QCOMPARE(tree->model()->index(0, 0).data().toString(), u"All categories"_s);
    QVERIFY(tree->isExpanded(tree->model()->index(0, 0)));
    QVERIFY(m_page->findChild<QPushButton *>(u"newCategoryButton"_s)->isVisible());
    QVERIFY(m_page->findChild<QComboBox *>(u"vendorFilter"_s)->isHidden()); // no vendors yet
    // Nothing selected: only "New product" and the file actions.
    QVERIFY(m_page->findChild<QPushButton *>(u"newProductButton"_s)->isEnabled());
    QVERIFY(!m_page->findChild<QPushButton *>(u"bulkEditButton"_s)->isEnabled());
    QVERIFY(!m_page->findChild<QPushButton *>(u"editProductButton"_s)->isEnabled());
    test::saveScreenshotIfWanted(m_page.get(), u"catalog-page"_s);
}

void TestCatalogPage::searchesAsYouType()
{
    QVERIFY(openPage(m_shop->admin));
    QLineEdit *search = m_page->searchBox();
    QTest::keyClicks(search, u"mug"_s);
    // Typing is not searching yet: the query waits for a short pause.
    QCOMPARE(m_page->model()->query().text, QString());
    QTRY_COMPARE(m_page->model()->query().text, u"mug"_s);
    QVERIFY(waitForRows());
    QCOMPARE(m_page->model()->rowCount(), 2);
    QCOMPARE(skuSet(), (QSet<QString>{u"MUG-LAT"_s, u"MUG-TRV"_s}));
    QCOMPARE(m_page->countText(), u"2 products"_s);
    // Best matches first: no column claims the order.
    QCOMPARE(m_page->model()->query().sort, ProductSort::Relevance);
    QCOMPARE(m_page->view()->horizontalHeader()->sortIndicatorSection(), -1);
    test::saveScreenshotIfWanted(m_page.get(), u"catalog-search"_s);

    // A SKU, and Enter searches at once.
    search->clear();
    QTest::keyClicks(search, u"PLT-SID"_s);
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(m_page->model()->query().text, u"PLT-SID"_s);
    QVERIFY(waitForRows());
    QCOMPARE(names(), QStringList{u"Side Plate"_s});

    search->clear();
    QTest::keyClicks(search, u"zzzz"_s);
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(waitForRows());
    QCOMPARE(m_page->model()->rowCount(), 0);
    QCOMPARE(m_page->countText(), u"No product matches"_s);
}

void TestCatalogPage::ctrlFAndF3FocusTheSearch()
{
    QVERIFY(openPage(m_shop->admin));
    m_page->view()->setFocus();
    QVERIFY(m_page->view()->hasFocus());
    QTest::keyClick(m_page->view(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(m_page->searchBox()->hasFocus());
    m_page->view()->setFocus();
    QTest::keyClick(m_page->view(), Qt::Key_F3);
    QVERIFY(m_page->searchBox()->hasFocus());
}

void TestCatalogPage::downFromTheSearchGoesToTheTable()
{
    QVERIFY(openPage(m_shop->admin));
    m_page->focusSearch();
    QTest::keyClicks(m_page->searchBox(), u"knife"_s);
    QTest::keyClick(m_page->searchBox(), Qt::Key_Down);
    QVERIFY(m_page->view()->hasFocus());
    QVERIFY(waitForRows());
    QTRY_COMPARE(m_page->selectedProductIds(), QList<qint64>{productId(u"KNF-BRD"_s)});
    QTest::keyClick(m_page->view(), Qt::Key_Return);
    QCOMPARE(m_editorCalls, (QList<std::optional<qint64>>{productId(u"KNF-BRD"_s)}));
}

void TestCatalogPage::aCategoryFiltersWithItsSubcategories()
{
    QVERIFY(openPage(m_shop->admin));
    QTreeView *tree = m_page->categoryPanel()->view();
    const QModelIndex kitchen = m_page->categoryPanel()->model()->indexOf(categoryId(u"Kitchen"_s));
    QVERIFY(kitchen.isValid());
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(kitchen).center());
    QCOMPARE(m_page->model()->query().categoryId, categoryId(u"Kitchen"_s));
    QVERIFY(waitForRows());
    // Kitchen itself, Cups and Plates.
    QCOMPARE(m_page->model()->rowCount(), 6);
    QVERIFY(!skus().contains(u"HOS-25"_s));
    QCOMPARE(m_page->countText(), u"6 products"_s);
    tree->expand(kitchen);
    test::saveScreenshotIfWanted(m_page.get(), u"catalog-category"_s);

    // Keyboard: down to Cups.
    tree->setFocus();
    QTest::keyClick(tree, Qt::Key_Down);
    QCOMPARE(m_page->categoryPanel()->selectedCategory(), categoryId(u"Cups"_s));
    QVERIFY(waitForRows());
    QCOMPARE(m_page->model()->rowCount(), 3);

    // Back to everything.
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {},
                      tree->visualRect(m_page->categoryPanel()->model()->allCategoriesIndex()).center());
    QCOMPARE(m_page->model()->query().categoryId, std::nullopt);
    QVERIFY(waitForRows());
    QCOMPARE(m_page->model()->rowCount(), Items.size());
}

void TestCatalogPage::headerClickSortsByPrice()
{
    QVERIFY(openPage(m_shop->admin));
    clickHeader(ProductTableModel::PriceColumn);
    QCOMPARE(m_page->model()->query().sort, ProductSort::PriceLow);
    QVERIFY(waitForRows());
    QCOMPARE(skus().constFirst(), u"CUP-ESP"_s);
    QCOMPARE(skus().constLast(), u"HOS-25"_s);
    QHeaderView *header = m_page->view()->horizontalHeader();
    QCOMPARE(header->sortIndicatorSection(), int(ProductTableModel::PriceColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);

    clickHeader(ProductTableModel::PriceColumn);
    QCOMPARE(m_page->model()->query().sort, ProductSort::PriceHigh);
    QVERIFY(waitForRows());
    QCOMPARE(skus().constFirst(), u"HOS-25"_s);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    test::saveScreenshotIfWanted(m_page.get(), u"catalog-by-price"_s);

    // The brand column cannot be ordered in SQL: the indicator stays.
    clickHeader(ProductTableModel::BrandColumn);
    QCOMPARE(m_page->model()->query().sort, ProductSort::PriceHigh);
    QCOMPARE(header->sortIndicatorSection(), int(ProductTableModel::PriceColumn));
}

void TestCatalogPage::filterBarNarrowsAndExplainsMistakes()
{
    QVERIFY(openPage(m_shop->admin));
    auto *minPrice = m_page->findChild<QLineEdit *>(u"minPriceFilter"_s);
    auto *maxPrice = m_page->findChild<QLineEdit *>(u"maxPriceFilter"_s);
    QTest::keyClicks(minPrice, u"10"_s);
    QTest::keyClicks(maxPrice, u"20"_s);
    QTest::keyClick(maxPrice, Qt::Key_Return);
    QCOMPARE(m_page->model()->query().minPriceCents, 1000);
    QCOMPARE(m_page->model()->query().maxPriceCents, 2000);
    QVERIFY(waitForRows());
    QCOMPARE(skuSet(),
             (QSet<QString>{u"MUG-TRV"_s, u"PLT-DIN"_s, u"CAN-10"_s}));

    maxPrice->clear();
    QTest::keyClicks(maxPrice, u"abc"_s);
    QTest::keyClick(maxPrice, Qt::Key_Return);
    QTRY_VERIFY(m_page->feedback().contains(u"\"abc\" is not an amount"_s));
    // The table keeps the last query that could be read.
    QCOMPARE(m_page->model()->query().maxPriceCents, 2000);
    test::saveScreenshotIfWanted(m_page.get(), u"catalog-filter-mistake"_s);

    auto *status = m_page->findChild<QComboBox *>(u"statusFilter"_s);
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"clearFiltersButton"_s), Qt::LeftButton);
    QCOMPARE(m_page->feedback(), QString());
    QCOMPARE(m_page->model()->query().minPriceCents, std::nullopt);
    status->setCurrentIndex(status->findData(u"discontinued"_s));
    QVERIFY(waitForRows());
    QCOMPARE(m_page->model()->rowCount(), 0);
    QCOMPARE(m_page->countText(), u"No product matches"_s);
}

void TestCatalogPage::bulkEditChangesPrices()
{
    QVERIFY(openPage(m_shop->admin));
    QLineEdit *search = m_page->searchBox();
    QTest::keyClicks(search, u"plate"_s);
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(waitForRows());
    QCOMPARE(m_page->model()->rowCount(), 2);
    // Click the first row, shift-click the last.
    clickRow(0);
    clickRow(1, Qt::ShiftModifier);
    QCOMPARE(m_page->selectedProductIds().size(), 2);
    auto *bulk = m_page->findChild<QPushButton *>(u"bulkEditButton"_s);
    QVERIFY(bulk->isEnabled());
    QTest::mouseClick(bulk, Qt::LeftButton);
    auto *dialog = m_page->findChild<BulkEditDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(dialog->findChild<QLineEdit *>(u"percentChange"_s)->hasFocus());

    // A mistake is explained in the dialog.
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"percentChange"_s), u"lots"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"okButton"_s), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->message().contains(u"percentage"_s), qPrintable(dialog->message()));
    dialog->findChild<QLineEdit *>(u"percentChange"_s)->setText(u"10"_s);
    test::saveScreenshotIfWanted(dialog, u"catalog-bulk-edit"_s);
    QTest::keyClick(dialog->findChild<QLineEdit *>(u"percentChange"_s), Qt::Key_Return);

    QMessageBox *confirm = nullptr;
    QTRY_VERIFY((confirm = m_page->findChild<QMessageBox *>(u"confirmBulkEditBox"_s)) && confirm->isVisible());
    QCOMPARE(confirm->text(), u"Raise the prices of 2 products by 10.00 %?"_s);
    auto *change = confirm->findChild<QPushButton *>(u"confirmBulkEditButton"_s);
    QCOMPARE(change->text(), u"Change 2 products"_s);
    test::saveScreenshotIfWanted(confirm, u"catalog-bulk-edit-confirm"_s);
    QTest::mouseClick(change, Qt::LeftButton);
    QTRY_COMPARE(m_page->feedback(), u"Changed 2 products."_s);
    QCOMPARE(priceOf(u"PLT-DIN"_s), 1320);
    QCOMPARE(priceOf(u"PLT-SID"_s), 798); // 7.25 + 10 % = 7.975, half away from zero
    QCOMPARE(priceOf(u"CUP-ESP"_s), 450);
    // The table shows the new prices.
    QTRY_COMPARE(m_page->model()->index(m_page->model()->rowOfProduct(productId(u"PLT-DIN"_s)),
                                        ProductTableModel::PriceColumn)
                     .data()
                     .toString(),
                 Money(1320, u"EUR").toString(QLocale()));
    test::saveScreenshotIfWanted(m_page.get(), u"catalog-after-bulk-edit"_s);
}

void TestCatalogPage::bulkEditMovesToACategory()
{
    QVERIFY(openPage(m_shop->admin));
    m_page->view()->setFocus();
    clickRow(0);
    QTest::keyClick(m_page->view(), Qt::Key_A, Qt::ControlModifier); // every row
    QCOMPARE(m_page->selectedProductIds().size(), Items.size());
    m_page->bulkEdit();
    auto *dialog = m_page->findChild<BulkEditDialog *>();
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QRadioButton *>(u"categoryChoice"_s), Qt::LeftButton);
    auto *target = dialog->findChild<QComboBox *>(u"categoryTarget"_s);
    QVERIFY(target->isEnabled());
    target->setCurrentIndex(target->findText(u"Kitchen › Plates"_s));
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"okButton"_s), Qt::LeftButton);
    QMessageBox *confirm = nullptr;
    QTRY_VERIFY((confirm = m_page->findChild<QMessageBox *>(u"confirmBulkEditBox"_s)) && confirm->isVisible());
    QCOMPARE(confirm->text(), u"Move 10 products to Kitchen › Plates?"_s);
    // Cancel changes nothing.
    confirm->reject();
    QTest::qWait(50);
    QCOMPARE(m_page->feedback(), QString());
    const Result<Product> knife =
        Database::wait(m_shop->services.products->get(m_shop->admin, productId(u"KNF-BRD"_s)));
    QCOMPARE(knife->categoryId, categoryId(u"Kitchen"_s));
}

void TestCatalogPage::enterDoubleClickAndInsertOpenTheEditor()
{
    QVERIFY(openPage(m_shop->admin));
    const qint64 first = m_page->model()->productIdAt(0);
    clickRow(0);
    QTest::keyClick(m_page->view(), Qt::Key_Return);
    QCOMPARE(m_editorCalls, (QList<std::optional<qint64>>{first}));

    const qint64 third = m_page->model()->productIdAt(2);
    const QRect cell = m_page->view()->visualRect(m_page->model()->index(2, ProductTableModel::PriceColumn));
    // What a real double-click sends: a click, then the double-click.
    QTest::mouseClick(m_page->view()->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(m_page->view()->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(m_editorCalls.constLast(), std::optional<qint64>(third));

    QTest::keyClick(m_page->view(), Qt::Key_Insert);
    QCOMPARE(m_editorCalls.constLast(), std::nullopt);
    m_page->focusSearch();
    QTest::keyClick(m_page->searchBox(), Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(m_editorCalls.size(), 4);
    QCOMPARE(m_editorCalls.constLast(), std::nullopt);

    // After a save the page shows and selects the product.
    m_page->productSaved(productId(u"CAN-10"_s));
    QTRY_COMPARE(m_page->selectedProductIds(), QList<qint64>{productId(u"CAN-10"_s)});
    QCOMPARE(m_page->feedback(), u"Saved the product."_s);
}

void TestCatalogPage::enterOpensTheProductEditorDialog()
{
    QVERIFY(openPage(m_shop->admin, false));
    const int row = m_page->model()->rowOfProduct(productId(u"MUG-LAT"_s));
    clickRow(row);
    QTest::keyClick(m_page->view(), Qt::Key_Return);
    ProductEditorDialog *editor = nullptr;
    QTRY_VERIFY((editor = m_page->findChild<ProductEditorDialog *>()) && editor->isVisible());
    QCOMPARE(editor->productId(), std::optional<qint64>(productId(u"MUG-LAT"_s)));
    QTRY_VERIFY(editor->isLoaded());
    editor->reject();
    QTRY_VERIFY(!m_page->findChild<ProductEditorDialog *>());
}

void TestCatalogPage::deleteAsksFirst()
{
    QVERIFY(openPage(m_shop->admin));
    const int row = m_page->model()->rowOfProduct(productId(u"GIFT-25"_s));
    clickRow(row);
    QTest::keyClick(m_page->view(), Qt::Key_Delete);
    QMessageBox *confirm = nullptr;
    QTRY_VERIFY((confirm = m_page->findChild<QMessageBox *>(u"confirmRemoveBox"_s)) && confirm->isVisible());
    QVERIFY(confirm->text().startsWith(u"Delete Gift Card"_s));
    test::saveScreenshotIfWanted(confirm, u"catalog-delete-confirm"_s);
    QTest::mouseClick(confirm->findChild<QPushButton *>(u"confirmRemoveButton"_s), Qt::LeftButton);
    QTRY_COMPARE(m_page->feedback(), u"Deleted Gift Card."_s);
    QVERIFY(waitForRows());
    QCOMPARE(m_page->model()->rowCount(), Items.size() - 1);
    QTRY_COMPARE(m_page->countText(), u"9 products"_s);
    QVERIFY(!Database::wait(m_shop->services.products->get(m_shop->admin, productId(u"GIFT-25"_s))).ok());

    // Several selected: Delete is for one product at a time.
    clickRow(0);
    clickRow(1, Qt::ControlModifier);
    QVERIFY(!m_page->findChild<QPushButton *>(u"removeProductButton"_s)->isEnabled());
}

void TestCatalogPage::vendorsSeeTheirOwnProductsOnly()
{
    const Result<Session> vendor = m_shop->addVendor();
    QVERIFY(vendor.ok());
    ProductDraft draft;
    draft.name = u"Acme Anvil"_s;
    draft.vendorId = vendor->vendorId;
    VariantDraft variant;
    variant.sku = u"ANV-1"_s;
    variant.price = u"120.00"_s;
    draft.variants = {variant};
    QVERIFY(Database::wait(m_shop->services.products->create(vendor.value(), draft)).ok());

    QVERIFY(openPage(vendor.value()));
    QCOMPARE(names(), QStringList{u"Acme Anvil"_s});
    QCOMPARE(m_page->countText(), u"1 product"_s);
    QVERIFY(m_page->view()->isColumnHidden(ProductTableModel::VendorColumn));
    QVERIFY(m_page->findChild<QComboBox *>(u"vendorFilter"_s)->isHidden());
    QVERIFY(m_page->findChild<QPushButton *>(u"newCategoryButton"_s)->isHidden());
    QVERIFY(m_page->findChild<QPushButton *>(u"newProductButton"_s)->isVisible());
    const QModelIndex all = m_page->categoryPanel()->model()->allCategoriesIndex();
    QVERIFY(!(m_page->categoryPanel()->model()->flags(all) & Qt::ItemIsDropEnabled));
    test::saveScreenshotIfWanted(m_page.get(), u"catalog-vendor"_s);

    // The administrator sees the vendor among the filters.
    m_page.reset();
    QVERIFY(openPage(m_shop->admin));
    auto *vendors = m_page->findChild<QComboBox *>(u"vendorFilter"_s);
    QTRY_VERIFY(vendors->isVisible());
    vendors->setCurrentIndex(vendors->findText(u"Acme Tools"_s));
    QVERIFY(waitForRows());
    QCOMPARE(names(), QStringList{u"Acme Anvil"_s});
    QCOMPARE(m_page->model()->index(0, ProductTableModel::VendorColumn).data().toString(), u"Acme Tools"_s);
}

void TestCatalogPage::clerksOnlyLook()
{
    QVERIFY(openPage(m_shop->clerk));
    QCOMPARE(m_page->model()->rowCount(), Items.size());
    for (const QString &name : {u"newProductButton"_s, u"editProductButton"_s, u"removeProductButton"_s,
                                u"bulkEditButton"_s, u"importProductsButton"_s, u"newCategoryButton"_s})
        QVERIFY2(m_page->findChild<QPushButton *>(name)->isHidden(), qPrintable(name));
    QVERIFY(m_page->findChild<QPushButton *>(u"exportProductsButton"_s)->isVisible());
    clickRow(0);
    QTest::keyClick(m_page->view(), Qt::Key_Return);
    QTest::keyClick(m_page->view(), Qt::Key_Insert);
    QVERIFY(m_editorCalls.isEmpty());
    test::saveScreenshotIfWanted(m_page.get(), u"catalog-clerk"_s);
}

void TestCatalogPage::administratorsAddCategories()
{
    QVERIFY(openPage(m_shop->admin));
    CategoryPanel *panel = m_page->categoryPanel();
    QVERIFY(panel->selectCategory(categoryId(u"Garden"_s)));
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"newCategoryButton"_s), Qt::LeftButton);
    auto *dialog = panel->findChild<QInputDialog *>(u"categoryNameDialog"_s);
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(dialog->labelText().contains(u"Garden"_s));
    dialog->setTextValue(u"Tools"_s);
    dialog->accept();
    QTRY_COMPARE(m_page->feedback(), u"Created the category Tools."_s);
    const std::optional<qint64> tools = panel->selectedCategory();
    QVERIFY(tools);
    QCOMPARE(panel->model()->category(*tools)->parentId, categoryId(u"Garden"_s));

    // Deactivate, then a refused rename shows the service's sentence.
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"toggleCategoryButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!panel->model()->category(*tools)->isActive);
    QCOMPARE(m_page->findChild<QPushButton *>(u"toggleCategoryButton"_s)->text(), u"Activate"_s);
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"renameCategoryButton"_s), Qt::LeftButton);
    dialog = panel->findChild<QInputDialog *>(u"categoryNameDialog"_s);
    QVERIFY(dialog);
    dialog->setTextValue(u"Garden"_s.repeated(40));
    dialog->accept();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = panel->findChild<QMessageBox *>(u"errorMessageBox"_s)) && box->isVisible());
    QVERIFY2(box->text().contains(u"at most"_s), qPrintable(box->text()));
    box->accept();
    test::saveScreenshotIfWanted(m_page.get(), u"catalog-categories"_s);
}

void TestCatalogPage::exportsTheCatalog()
{
    QVERIFY(openPage(m_shop->clerk));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"products.csv"_s);
    CatalogTransfer transfer(m_shop->services, m_shop->clerk, m_page.get());
    QSignalSpy finished(&transfer, &CatalogTransfer::finished);
    // A small file may be done before exportFile() returns.
    transfer.exportFile(path, ProductCsvFormat::Kind::Storekeeper);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY2(finished.constFirst().constFirst().toString().startsWith(u"Exported 10 products"_s),
             qPrintable(finished.constFirst().constFirst().toString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("Espresso Cup"));
    file.close();

    // Read back by an administrator: the same catalog, nothing duplicated.
    CatalogTransfer import(m_shop->services, m_shop->admin, m_page.get());
    QSignalSpy imported(&import, &CatalogTransfer::finished);
    import.importFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, 10000);
    QVERIFY2(!imported.constFirst().constFirst().toString().isEmpty(), "the page shows what the import did");
    QCOMPARE(import.progressDialog(), nullptr);
    const Result<qint64> count = Database::wait(m_shop->services.search->count(m_shop->admin, {}));
    QCOMPARE(count.value(), qint64(Items.size()));
}

void TestCatalogPage::scrollsFarIntoALargeCatalog()
{
    constexpr int Extra = 1'500;
    const Session admin = m_shop->admin;
    const Result<int> added = Database::wait(m_shop->database->write([admin](Connection &connection) -> Result<int> {
        for (int i = 0; i < Extra; ++i) {
            ProductDraft draft;
            draft.name = u"Zz Bulk item %1"_s.arg(i, 4, 10, QLatin1Char('0'));
            VariantDraft variant;
            variant.sku = u"BULK-%1"_s.arg(i);
            variant.price = u"1.00"_s;
            draft.variants = {variant};
            if (Result<Product> created = ProductService::createInTransaction(connection, admin, draft); !created)
                return created.error();
        }
        return Extra;
    }));
    QVERIFY2(added.ok(), added.ok() ? "" : qPrintable(added.error().message));

    m_page = std::make_unique<CatalogPage>(m_shop->services, m_shop->admin);
    m_page->resize(1280, 720);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    ProductTableModel *model = m_page->model();
    QTRY_VERIFY(model->hasIds());
    QCOMPARE(model->rowCount(), Items.size() + Extra);
    QCOMPARE(m_page->countText(), u"1,510 products"_s);

    // End: the last rows are fetched as a window of their own.
    m_page->view()->setFocus();
    QTest::keyClick(m_page->view(), Qt::Key_End, Qt::ControlModifier);
    const int last = model->rowCount() - 1;
    QTRY_VERIFY(model->isRowLoaded(last));
    QCOMPARE(model->index(last, ProductTableModel::NameColumn).data().toString(), u"Zz Bulk item 1499"_s);
    QVERIFY(!model->isRowLoaded(700));
    QVERIFY(model->windowRequests() >= 1);

    // The middle, by moving the scroll bar.
    QScrollBar *bar = m_page->view()->verticalScrollBar();
    bar->setValue(bar->maximum() / 2);
    const int middle = m_page->view()->rowAt(m_page->view()->viewport()->height() / 2);
    QVERIFY(middle > 100);
    QTRY_VERIFY(model->isRowLoaded(middle));
    QCOMPARE(model->index(middle, ProductTableModel::NameColumn).data().toString(),
             u"Zz Bulk item %1"_s.arg(middle - Items.size(), 4, 10, QLatin1Char('0')));
    test::saveScreenshotIfWanted(m_page.get(), u"catalog-scrolled"_s);
}

QTEST_MAIN(TestCatalogPage)
#include "tst_catalogpage.moc"
