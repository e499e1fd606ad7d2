// The product editor driven like a vendor or an administrator would: a new
// product with generated variants, undo and redo, the messages next to the
// fields, a product someone else saved meanwhile, and pictures saved and
// read back.

#include "ProductImages.h"
#include "UiTestShop.h"
#include "VariantTableModel.h"
#include "catalog/ProductEditorDialog.h"
#include "catalog/ProductImageService.h"
#include "catalog/ProductService.h"
#include "catalog/VariantGeneratorDialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBuffer>
#include <QImage>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

QByteArray picture(const QColor &colour, const char *format = "PNG", QSize size = {320, 240})
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QPainter painter(&image);
    painter.setBrush(Qt::white);
    painter.drawEllipse(image.rect().adjusted(40, 40, -40, -40));
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return bytes;
}

} // namespace

class TestProductEditor : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void createsAProductWithGeneratedVariants();
    void undoAndRedoEveryEdit();
    void explainsMistakesNextToTheField();
    void staleEditOffersToReload();
    void picturesRoundTrip();
    void closingWithUnsavedChangesAsks();
    void vendorsEditOnlyTheirOwn();
    void tabReachesEveryField();

private:
    std::unique_ptr<ProductEditorDialog> open(std::optional<qint64> productId, const Session &session);
    bool save(ProductEditorDialog &dialog);
    qint64 createProduct(const QString &name, const QString &sku);
    void setCell(ProductEditorDialog &dialog, int row, VariantTableModel::Field field, const QVariant &value);
    template<typename T>
    T *child(QWidget *parent, const QString &name) { return parent->findChild<T *>(name); }

    std::unique_ptr<test::UiTestShop> m_shop;
};

void TestProductEditor::initTestCase()
{
    test::isolateSettings();
}

void TestProductEditor::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
}

void TestProductEditor::cleanup()
{
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        if (qobject_cast<QMessageBox *>(window))
            window->close();
    m_shop.reset();
}

std::unique_ptr<ProductEditorDialog> TestProductEditor::open(std::optional<qint64> productId, const Session &session)
{
    auto dialog = std::make_unique<ProductEditorDialog>(m_shop->services, session, productId);
    dialog->show();
    dialog->activateWindow();
    if (!QTest::qWaitForWindowExposed(dialog.get()))
        return nullptr;
    if (!QTest::qWaitFor([&] { return dialog->isLoaded(); }))
        return nullptr;
    return dialog;
}

bool TestProductEditor::save(ProductEditorDialog &dialog)
{
    QSignalSpy finished(&dialog, &ProductEditorDialog::saveFinished);
    // Ctrl+S is a window shortcut: the editor must be the active window
    // again after a message box or the generator closed.
    dialog.activateWindow();
    if (!QTest::qWaitForWindowActive(&dialog)) {
        qWarning() << "The product editor did not become the active window.";
        return false;
    }
    QTest::keyClick(&dialog, Qt::Key_S, Qt::ControlModifier);
    if (finished.isEmpty() && !finished.wait(10000)) {
        qWarning() << "The product editor did not finish saving.";
        return false;
    }
    return finished.first().first().toBool();
}

qint64 TestProductEditor::createProduct(const QString &name, const QString &sku)
{
    ProductDraft draft;
    draft.name = name;
    VariantDraft variant;
    variant.sku = sku;
    variant.price = u"12.00"_s;
    draft.variants = {variant};
    const Result<Product> created = Database::wait(m_shop->services.products->create(m_shop->admin, draft));
    return created ? created->id : 0;
}

void TestProductEditor::setCell(ProductEditorDialog &dialog, int row, VariantTableModel::Field field,
                                const QVariant &value)
{
    VariantTableModel *model = dialog.variantModel();
    const QModelIndex index = model->index(row, model->columnOf(field));
    // What the grid's editor does when a cell is committed.
    model->setData(index, value, field == VariantTableModel::Field::Active ? Qt::CheckStateRole : Qt::EditRole);
}

void TestProductEditor::createsAProductWithGeneratedVariants()
{
    auto dialog = open(std::nullopt, m_shop->admin);
    QVERIFY(dialog);
    QAbstractItemModelTester tester(dialog->variantModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(dialog->windowTitle(), u"New product[*]"_s);
    QVERIFY(!dialog->hasUnsavedChanges());

    auto *name = child<QLineEdit>(dialog.get(), u"productName"_s);
    QVERIFY(name->hasFocus() || QApplication::focusWidget() == name);
    QTest::keyClicks(name, u"Stoneware mug"_s);
    QTest::keyClicks(child<QLineEdit>(dialog.get(), u"productBrand"_s), u"Kiln & Co"_s);
    QVERIFY(dialog->hasUnsavedChanges());
    test::saveScreenshotIfWanted(dialog.get(), u"product-editor-details"_s);

    dialog->showTab(ProductEditorDialog::Tab::Variants);
    QTest::mouseClick(child<QPushButton>(dialog.get(), u"generateVariantsButton"_s), Qt::LeftButton);
    auto *generator = dialog->findChild<VariantGeneratorDialog *>();
    QVERIFY(generator);
    QVERIFY(QTest::qWaitForWindowExposed(generator));
    QTest::keyClicks(child<QLineEdit>(generator, u"baseSku"_s), u"MUG"_s);
    QTest::keyClicks(child<QLineEdit>(generator, u"optionName1"_s), u"Size"_s);
    QTest::keyClicks(child<QLineEdit>(generator, u"optionValues1"_s), u"S, M, L"_s);
    QTest::keyClicks(child<QLineEdit>(generator, u"optionName2"_s), u"Colour"_s);
    QTest::keyClicks(child<QLineEdit>(generator, u"optionValues2"_s), u"Red, Blue"_s);
    QVERIFY2(generator->preview().startsWith(u"Variants (6): MUG-S-RED, MUG-S-BLUE, MUG-M-RED"_s),
             qPrintable(generator->preview()));
    test::saveScreenshotIfWanted(generator, u"product-editor-generator"_s);
    QTest::mouseClick(child<QPushButton>(generator, u"createVariantsButton"_s), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return dialog->variantModel()->rowCount() == 6; }));
    QCOMPARE(dialog->variantModel()->optionNames(), (QStringList{u"Size"_s, u"Colour"_s}));
    QCOMPARE(dialog->undoStack()->undoText(), u"generate variants"_s);

    for (int row = 0; row < 6; ++row)
        setCell(*dialog, row, VariantTableModel::Field::Price, row < 2 ? u"14.50"_s : u"16.00"_s);
    setCell(*dialog, 5, VariantTableModel::Field::Weight, u"380"_s);
    setCell(*dialog, 4, VariantTableModel::Field::Active, int(Qt::Unchecked));
    test::saveScreenshotIfWanted(dialog.get(), u"product-editor-variants"_s);

    QSignalSpy saved(dialog.get(), &ProductEditorDialog::saved);
    QVERIFY(save(*dialog));
    QCOMPARE(saved.size(), 1);
    const qint64 id = saved.first().first().toLongLong();
    QCOMPARE(dialog->productId(), std::optional<qint64>(id));
    QVERIFY(!dialog->hasUnsavedChanges());
    QCOMPARE(dialog->windowTitle(), u"Product – Stoneware mug[*]"_s);

    const Result<Product> product = Database::wait(m_shop->services.products->get(m_shop->admin, id));
    QVERIFY(product.ok());
    QCOMPARE(product->name, u"Stoneware mug"_s);
    QCOMPARE(product->brand, u"Kiln & Co"_s);
    QCOMPARE(product->variants.size(), 6);
    QCOMPARE(product->variants[0].sku, u"MUG-S-RED"_s);
    QCOMPARE(product->variants[5].sku, u"MUG-L-BLUE"_s);
    QCOMPARE(product->variants[5].options.value(u"Colour"_s).toString(), u"Blue"_s);
    QCOMPARE(product->variants[5].weightGrams, std::optional<int>(380));
    QVERIFY(!product->variants[4].isActive);
    QCOMPARE(product->minPrice.toDecimalString(), u"14.50"_s);
}

void TestProductEditor::undoAndRedoEveryEdit()
{
    const qint64 id = createProduct(u"Teapot"_s, u"TEA-1"_s);
    QVERIFY(id > 0);
    auto dialog = open(id, m_shop->admin);
    QVERIFY(dialog);
    QUndoStack *stack = dialog->undoStack();
    auto *name = child<QLineEdit>(dialog.get(), u"productName"_s);
    auto *brand = child<QLineEdit>(dialog.get(), u"productBrand"_s);
    auto *undoButton = child<QToolButton>(dialog.get(), u"undoButton"_s);

    // Typing in one field is one step.
    name->setFocus();
    name->selectAll();
    QTest::keyClicks(name, u"Big teapot"_s);
    brand->setFocus();
    QTest::keyClicks(brand, u"Brewer"_s);
    QCOMPARE(stack->count(), 2);
    QCOMPARE(undoButton->text(), u"Undo edit brand"_s);

    QTest::keyClick(brand, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(brand->text(), QString());
    QCOMPARE(name->text(), u"Big teapot"_s);
    QCOMPARE(undoButton->text(), u"Undo edit name"_s);
    QTest::keyClick(name, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(name->text(), u"Teapot"_s);
    QVERIFY(!dialog->hasUnsavedChanges());
    QTest::keyClick(name, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(name->text(), u"Big teapot"_s);
    QTest::keyClick(name, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(brand->text(), u"Brewer"_s);

    // A grid cell, a generator run, a picture and an attribute: each one step.
    setCell(*dialog, 0, VariantTableModel::Field::Price, u"15.00"_s);
    QCOMPARE(dialog->variantModel()->variants()[0].price, u"15.00"_s);
    QCOMPARE(stack->undoText(), u"edit Price of variant 1"_s);
    dialog->applyGeneratedVariants({VariantDraft{0, u"TEA-S"_s, {}, {{u"Size"_s, u"S"_s}}, u"1"_s},
                                    VariantDraft{0, u"TEA-L"_s, {}, {{u"Size"_s, u"L"_s}}, u"2"_s}},
                                   {u"Size"_s});
    QCOMPARE(dialog->variantModel()->rowCount(), 2);
    dialog->addImageBytes(picture(Qt::darkGreen), u"Green"_s);
    QCOMPARE(dialog->imageStrip()->count(), 1);
    const QPushButton *addAttribute = child<QPushButton>(dialog.get(), u"addAttributeButton"_s);
    QTest::mouseClick(const_cast<QPushButton *>(addAttribute), Qt::LeftButton);
    QCOMPARE(dialog->attributesEditor()->attributes().size(), 1);

    stack->undo(); // attribute
    QCOMPARE(dialog->attributesEditor()->attributes().size(), 0);
    stack->undo(); // picture
    QCOMPARE(dialog->imageStrip()->count(), 0);
    stack->undo(); // generator
    QCOMPARE(dialog->variantModel()->rowCount(), 1);
    QCOMPARE(dialog->variantModel()->variants()[0].price, u"15.00"_s);
    stack->undo(); // price
    QCOMPARE(dialog->variantModel()->variants()[0].price, u"12.00"_s);
    stack->redo();
    stack->redo();
    QCOMPARE(dialog->variantModel()->rowCount(), 2);
    QCOMPARE(dialog->variantModel()->variants()[1].sku, u"TEA-L"_s);
    test::saveScreenshotIfWanted(dialog.get(), u"product-editor-undo"_s);
}

void TestProductEditor::explainsMistakesNextToTheField()
{
    const qint64 before = Database::wait(m_shop->database->read([](Connection &c) {
                                             return c.scalar(u"SELECT COUNT(*) FROM products"_s);
                                         }))
                              ->toLongLong();
    auto dialog = open(std::nullopt, m_shop->admin);
    QVERIFY(dialog);
    QVERIFY(!save(*dialog));
    QCOMPARE(dialog->message(ProductEditorDialog::Tab::Details), u"Enter a name for the product."_s);
    QCOMPARE(child<QTabWidget>(dialog.get(), u"productEditorTabs"_s)->currentIndex(), 0);
    test::saveScreenshotIfWanted(dialog.get(), u"product-editor-validation"_s);

    QTest::keyClicks(child<QLineEdit>(dialog.get(), u"productName"_s), u"Jug"_s);
    QVERIFY(!save(*dialog));
    QCOMPARE(dialog->message(ProductEditorDialog::Tab::Details), QString());
    QCOMPARE(dialog->message(ProductEditorDialog::Tab::Variants), u"Variant 1: enter a SKU."_s);
    QCOMPARE(child<QTabWidget>(dialog.get(), u"productEditorTabs"_s)->currentIndex(), 1);

    setCell(*dialog, 0, VariantTableModel::Field::Sku, u"JUG-1"_s);
    setCell(*dialog, 0, VariantTableModel::Field::Price, u"abc"_s);
    QVERIFY(!save(*dialog));
    QCOMPARE(dialog->message(ProductEditorDialog::Tab::Variants),
             u"Variant 1 (JUG-1): the price \"abc\" is not an amount. Enter it like 19.99."_s);
    // A weight that is not whole grams is refused as it is typed.
    setCell(*dialog, 0, VariantTableModel::Field::Weight, u"1.5kg"_s);
    QCOMPARE(dialog->message(ProductEditorDialog::Tab::Variants),
             u"Enter the weight in whole grams, such as 250, or leave it empty."_s);

    // A refusal that needs the database: the SKU of another product.
    QVERIFY(createProduct(u"Other jug"_s, u"jug-1"_s) > 0);
    setCell(*dialog, 0, VariantTableModel::Field::Price, u"9.00"_s);
    QVERIFY(!save(*dialog));
    QVERIFY2(dialog->message().contains(u"already used by another product"_s), qPrintable(dialog->message()));
    const qint64 after = Database::wait(m_shop->database->read([](Connection &c) {
                                            return c.scalar(u"SELECT COUNT(*) FROM products"_s);
                                        }))
                             ->toLongLong();
    QCOMPARE(after, before + 1); // only the other jug
}

void TestProductEditor::staleEditOffersToReload()
{
    const qint64 id = createProduct(u"Kettle"_s, u"KET-1"_s);
    auto dialog = open(id, m_shop->admin);
    QVERIFY(dialog);

    // Someone else saves first.
    Result<Product> current = Database::wait(m_shop->services.products->get(m_shop->admin, id));
    ProductDraft other;
    other.name = u"Kettle, steel"_s;
    VariantDraft variant;
    variant.id = current->variants[0].id;
    variant.sku = u"KET-1"_s;
    variant.price = u"30.00"_s;
    other.variants = {variant};
    QVERIFY(Database::wait(m_shop->services.products->update(m_shop->admin, id, current->version, other)).ok());

    auto *name = child<QLineEdit>(dialog.get(), u"productName"_s);
    name->selectAll();
    QTest::keyClicks(name, u"Kettle, copper"_s);
    QVERIFY(!save(*dialog));
    QMessageBox *box = nullptr;
    QVERIFY(QTest::qWaitFor([&] { return (box = dialog->findChild<QMessageBox *>(u"staleProductBox"_s)); }));
    QCOMPARE(box->text(), u"Someone else changed \"Kettle, steel\" after you opened it. Reopen the product to see "
                          "their changes, then make yours again."_s);
    QVERIFY(QTest::qWaitForWindowExposed(box));
    test::saveScreenshotIfWanted(box, u"product-editor-stale"_s);
    QSignalSpy loaded(dialog.get(), &ProductEditorDialog::loaded);
    QTest::mouseClick(child<QPushButton>(box, u"reloadProductButton"_s), Qt::LeftButton);
    // Loading may finish within the click when the reads are quick.
    QVERIFY(!loaded.isEmpty() || loaded.wait(5000));
    QCOMPARE(name->text(), u"Kettle, steel"_s);
    QVERIFY(!dialog->hasUnsavedChanges());
    QCOMPARE(dialog->variantModel()->variants()[0].price, u"30.00"_s);

    // From the reloaded version the edit goes through.
    name->selectAll();
    QTest::keyClicks(name, u"Kettle, copper"_s);
    QVERIFY2(save(*dialog), qPrintable(dialog->message()));
    QCOMPARE(Database::wait(m_shop->services.products->get(m_shop->admin, id))->name, u"Kettle, copper"_s);
}

void TestProductEditor::picturesRoundTrip()
{
    const qint64 id = createProduct(u"Vase"_s, u"VASE-1"_s);
    auto dialog = open(id, m_shop->admin);
    QVERIFY(dialog);
    const QByteArray red = picture(Qt::red);
    const QByteArray blue = picture(Qt::blue, "JPG", {1200, 600});
    dialog->addImageBytes(red, u"Red vase"_s);
    dialog->addImageBytes(blue, u"Blue vase"_s);
    dialog->addImageBytes("not a picture at all");
    QCOMPARE(dialog->message(ProductEditorDialog::Tab::Images),
             u"The file is not a picture Storekeeper can store. Use a PNG, JPEG, WebP or GIF file."_s);
    QCOMPARE(dialog->imageStrip()->count(), 2);
    // Blue first, by the button.
    dialog->imageStrip()->setCurrentRow(1);
    QTest::mouseClick(child<QPushButton>(dialog.get(), u"moveImageEarlierButton"_s), Qt::LeftButton);
    QCOMPARE(dialog->imageStrip()->images()[0].image.altText, u"Blue vase"_s);
    test::saveScreenshotIfWanted(dialog.get(), u"product-editor-pictures"_s);
    QVERIFY(save(*dialog));

    const Result<QList<ProductImageInfo>> stored = Database::wait(m_shop->services.images->list(m_shop->admin, id));
    QVERIFY(stored.ok());
    QCOMPARE(stored->size(), 2);
    QCOMPARE(stored->at(0).altText, u"Blue vase"_s);
    QCOMPARE(stored->at(0).mime, u"image/jpeg"_s);
    QCOMPARE(stored->at(1).mime, u"image/png"_s);
    const QImage thumbnail = QImage::fromData(stored->at(0).thumbnail, "PNG");
    QCOMPARE(thumbnail.size(), QSize(96, 48));
    QCOMPARE(Database::wait(m_shop->services.images->data(m_shop->admin, stored->at(1).id)).value(), red);

    // Read back in a new editor, change the description, remove one.
    dialog.reset();
    dialog = open(id, m_shop->admin);
    QVERIFY(dialog);
    QCOMPARE(dialog->imageStrip()->count(), 2);
    QCOMPARE(dialog->imageStrip()->images()[1].image.altText, u"Red vase"_s);
    dialog->imageStrip()->setCurrentRow(1);
    auto *alt = child<QLineEdit>(dialog.get(), u"imageAltText"_s);
    QCOMPARE(alt->text(), u"Red vase"_s);
    alt->setFocus();
    alt->selectAll();
    QTest::keyClicks(alt, u"Red vase, side"_s);
    QTest::keyClick(alt, Qt::Key_Return);
    dialog->imageStrip()->setCurrentRow(0);
    QTest::mouseClick(child<QPushButton>(dialog.get(), u"removeImageButton"_s), Qt::LeftButton);
    QCOMPARE(dialog->imageStrip()->count(), 1);
    QVERIFY(save(*dialog));
    const Result<QList<ProductImageInfo>> after = Database::wait(m_shop->services.images->list(m_shop->admin, id));
    QCOMPARE(after->size(), 1);
    QCOMPARE(after->at(0).altText, u"Red vase, side"_s);
    QCOMPARE(after->at(0).position, 0);
}

void TestProductEditor::closingWithUnsavedChangesAsks()
{
    const qint64 id = createProduct(u"Bowl"_s, u"BOWL-1"_s);
    auto dialog = open(id, m_shop->admin);
    QVERIFY(dialog);
    // Nothing changed: Esc closes at once.
    QTest::keyClick(dialog.get(), Qt::Key_Escape);
    QVERIFY(!dialog->isVisible());

    dialog = open(id, m_shop->admin);
    QVERIFY(dialog);
    QTest::keyClicks(child<QLineEdit>(dialog.get(), u"productName"_s), u" large"_s);
    QTest::keyClick(dialog.get(), Qt::Key_Escape);
    QMessageBox *box = nullptr;
    QVERIFY(QTest::qWaitFor([&] { return (box = dialog->findChild<QMessageBox *>(u"unsavedChangesBox"_s)); }));
    QVERIFY(dialog->isVisible());
    QVERIFY(QTest::qWaitForWindowExposed(box));
    test::saveScreenshotIfWanted(box, u"product-editor-unsaved"_s);
    // Save and close.
    QSignalSpy finished(dialog.get(), &QDialog::finished);
    QTest::mouseClick(box->button(QMessageBox::Save), Qt::LeftButton);
    QVERIFY(finished.wait(5000));
    QCOMPARE(Database::wait(m_shop->services.products->get(m_shop->admin, id))->name, u"Bowl large"_s);

    // Discard closes without saving.
    dialog = open(id, m_shop->admin);
    QVERIFY(dialog);
    QTest::keyClicks(child<QLineEdit>(dialog.get(), u"productName"_s), u"!"_s);
    dialog->close();
    QVERIFY(QTest::qWaitFor([&] { return (box = dialog->findChild<QMessageBox *>(u"unsavedChangesBox"_s)); }));
    QTest::mouseClick(box->button(QMessageBox::Discard), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return !dialog->isVisible(); }));
    QCOMPARE(Database::wait(m_shop->services.products->get(m_shop->admin, id))->name, u"Bowl large"_s);
}

void TestProductEditor::vendorsEditOnlyTheirOwn()
{
    const Result<Session> vendor = m_shop->addVendor();
    QVERIFY(vendor.ok());
    auto dialog = open(std::nullopt, vendor.value());
    QVERIFY(dialog);
    QVERIFY(!child<QWidget>(dialog.get(), u"productVendor"_s)->isVisible());
    QTest::keyClicks(child<QLineEdit>(dialog.get(), u"productName"_s), u"Hammer"_s);
    setCell(*dialog, 0, VariantTableModel::Field::Sku, u"HAM-1"_s);
    setCell(*dialog, 0, VariantTableModel::Field::Price, u"25.00"_s);
    QVERIFY(save(*dialog));
    const Result<Product> product =
        Database::wait(m_shop->services.products->get(vendor.value(), *dialog->productId()));
    QVERIFY(product.ok());
    QCOMPARE(product->vendorId, vendor->vendorId);

    // The shop's own product is not theirs: the editor says so and saves nothing.
    const qint64 shops = createProduct(u"Shop saw"_s, u"SAW-1"_s);
    auto other = std::make_unique<ProductEditorDialog>(m_shop->services, vendor.value(), shops);
    other->show();
    QVERIFY(QTest::qWaitFor([&] { return !other->isBusy(); }));
    QVERIFY(!other->isLoaded());
    QVERIFY2(other->message().contains(u"no longer exists"_s), qPrintable(other->message()));
    QVERIFY(!child<QPushButton>(other.get(), u"saveProductButton"_s)->isEnabled());
}

void TestProductEditor::tabReachesEveryField()
{
    auto dialog = open(std::nullopt, m_shop->admin);
    QVERIFY(dialog);
    dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(dialog.get()));
    child<QLineEdit>(dialog.get(), u"productName"_s)->setFocus();
    const QStringList expected{u"productSlug"_s,   u"productBrand"_s,  u"productDescription"_s, u"productVendor"_s,
                               u"productCategory"_s, u"productStatus"_s, u"productTaxClass"_s};
    QStringList reached;
    for (int i = 0; i < expected.size(); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget *focus = QApplication::focusWidget();
        // The editable tax class combo box gives focus to its line edit.
        while (focus && focus->objectName().isEmpty() && focus->parentWidget())
            focus = focus->parentWidget();
        reached.append(focus ? focus->objectName() : QString());
    }
    QCOMPARE(reached, expected);
}

QTEST_MAIN(TestProductEditor)
#include "tst_producteditor.moc"
