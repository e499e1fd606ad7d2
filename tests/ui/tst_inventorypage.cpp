// The Inventory page driven by keyboard on a small shop with two locations:
// the stock table with its totals and filters, a scan in the search box that
// selects the item's line with its history, and the workflows: receive by
// scanning, an unknown code, a transfer of more than is available, an
// adjustment without a note, a stocktake with differences, the low stock
// list and its CSV export. Refused input changes nothing in the ledger.
// storekeeper-test: postgres

#include "MainWindow.h"
#include "StockLevelTableModel.h"
#include "StockMovementModel.h"
#include "UiTestShop.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductService.h"
#include "inventory/AdjustDialog.h"
#include "inventory/InventoryFilterBar.h"
#include "inventory/InventoryLedger.h"
#include "inventory/InventoryPage.h"
#include "inventory/LowStockDialog.h"
#include "inventory/MovementHistoryPanel.h"
#include "inventory/ReceiveDialog.h"
#include "inventory/ScanBox.h"
#include "inventory/StockLinesTable.h"
#include "inventory/StocktakeDialog.h"
#include "inventory/TransferDialog.h"
#include "inventory/ValuationBar.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

struct Item {
    QString name;
    QString sku;
    QString barcode;
    QString price;
    QString cost;
};

const QList<Item> Items{
    {u"Espresso Cup"_s, u"CUP-ESP"_s, u"4006381333931"_s, u"4.50"_s, u"1.20"_s},
    {u"Latte Mug"_s, u"MUG-LAT"_s, u"4006381333948"_s, u"9.90"_s, u"3.00"_s},
    {u"Watering Can"_s, u"CAN-10"_s, u"4006381333955"_s, u"15.50"_s, u"6.00"_s},
    {u"Garden Hose"_s, u"HOS-25"_s, u"4006381333962"_s, u"34.99"_s, u"12.00"_s},
};

} // namespace

class TestInventoryPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void listsStockWithTotals();
    void filtersNarrowTheTable();
    void aScanSelectsTheLineAndShowsItsHistory();
    void receivesByScanning();
    void transferOfMoreThanAvailableIsRefused();
    void adjustmentNeedsANote();
    void stocktakePostsTheDifferences();
    void lowStockListExports();
    void clerksOnlyLook();
    void theSidebarShowsTheLowStockCount();

private:
    bool openPage(const Session &session);
    bool waitForRows();
    qint64 onHand(const QString &sku, qint64 locationId);
    int rowOf(const QString &sku, qint64 locationId);
    template<typename Dialog>
    Dialog *openDialog(Qt::Key key);

    std::unique_ptr<test::UiTestShop> m_shop;
    std::unique_ptr<InventoryPage> m_page;
    QHash<QString, qint64> m_variants;
    qint64 m_store = 0;
    qint64 m_backRoom = 0;
};

void TestInventoryPage::initTestCase()
{
    test::isolateSettings();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestInventoryPage::init()
{
    m_shop = std::make_unique<test::UiTestShop>();
    SK_REQUIRE_SHOP(*m_shop, true);
    m_variants.clear();
    const Services &services = m_shop->services;
    for (const Item &item : Items) {
        ProductDraft draft;
        draft.name = item.name;
        VariantDraft variant;
        variant.sku = item.sku;
        variant.barcode = item.barcode;
        variant.price = item.price;
        variant.cost = item.cost;
        draft.variants = {variant};
        const Result<Product> created = Database::wait(services.products->create(m_shop->admin, draft));
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        m_variants.insert(item.sku, created->variants.constFirst().id);
    }
    const Result<QList<Location>> locations = Database::wait(services.ledger->locations(m_shop->admin));
    QVERIFY2(locations.ok(), locations.ok() ? "" : qPrintable(locations.error().message));
    m_store = locations->constFirst().id;
    const Result<Location> back = Database::wait(services.ledger->addLocation(m_shop->admin, u"BACK"_s, u"Back room"_s));
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
    m_backRoom = back->id;

    // Cups plenty, mugs low, no watering cans, hoses in both places.
    const auto receive = [this](qint64 location, const QString &sku, qint64 quantity, qint64 costCents) {
        StockLine line;
        line.variantId = m_variants.value(sku);
        line.quantity = quantity;
        line.unitCost = Money(costCents, u"EUR");
        const Result<qint64> receipt = Database::wait(
            m_shop->services.ledger->receive(m_shop->admin, location, u"Wholesale Ltd"_s, u"DN-1"_s, {line}));
        QVERIFY2(receipt.ok(), receipt.ok() ? "" : qPrintable(receipt.error().message));
    };
    receive(m_store, u"CUP-ESP"_s, 40, 120);
    receive(m_store, u"MUG-LAT"_s, 5, 300);
    receive(m_store, u"HOS-25"_s, 30, 1200);
    receive(m_backRoom, u"HOS-25"_s, 12, 1200);
}

void TestInventoryPage::cleanup()
{
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        if (qobject_cast<QDialog *>(window))
            window->close();
    m_page.reset();
    m_shop.reset();
}

bool TestInventoryPage::openPage(const Session &session)
{
    m_page = std::make_unique<InventoryPage>(m_shop->services, session);
    m_page->resize(1280, 760);
    m_page->show();
    m_page->activateWindow();
    if (!QTest::qWaitForWindowExposed(m_page.get()))
        return false;
    return QTest::qWaitFor([this] { return m_page->hasLoaded(); }) && waitForRows();
}

bool TestInventoryPage::waitForRows()
{
    StockLevelTableModel *model = m_page->model();
    return QTest::qWaitFor([model] {
        if (model->isLoading() || !model->hasIds())
            return false;
        for (int row = 0; row < model->rowCount(); ++row)
            if (!model->isRowLoaded(row))
                return false;
        return true;
    });
}

qint64 TestInventoryPage::onHand(const QString &sku, qint64 locationId)
{
    const Result<StockLevel> level =
        Database::wait(m_shop->services.ledger->level(m_shop->admin, m_variants.value(sku), locationId));
    return level ? level->onHand : -1;
}

int TestInventoryPage::rowOf(const QString &sku, qint64 locationId)
{
    StockLevelTableModel *model = m_page->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const std::optional<StockLevel> level = model->levelAt(row);
        if (level && level->sku == sku && level->locationId == locationId)
            return row;
    }
    return -1;
}

template<typename Dialog>
Dialog *TestInventoryPage::openDialog(Qt::Key key)
{
    m_page->view()->setFocus();
    QTest::keyClick(m_page->view(), key, Qt::ControlModifier);
    Dialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor([this, &dialog] {
        dialog = m_page->findChild<Dialog *>();
        return dialog && dialog->isVisible();
    });
    return shown ? dialog : nullptr;
}

void TestInventoryPage::listsStockWithTotals()
{
    QVERIFY(openPage(m_shop->admin));
    StockLevelTableModel *model = m_page->model();
    // Four variants at the store (the watering can never stocked: zero) and
    // the hoses in the back room.
    QCOMPARE(model->rowCount(), 5);
    QCOMPARE(m_page->countText(), u"5 stock lines"_s);
    const int cups = rowOf(u"CUP-ESP"_s, m_store);
    QVERIFY(cups >= 0);
    QCOMPARE(model->index(cups, StockLevelTableModel::OnHandColumn).data().toString(), u"40"_s);
    QCOMPARE(model->index(cups, StockLevelTableModel::ValueColumn).data().toString(),
             Money(4800, u"EUR").toString(QLocale()));
    QCOMPARE(model->index(rowOf(u"CAN-10"_s, m_store), StockLevelTableModel::OnHandColumn).data().toString(), u"0"_s);
    // 87 units worth 40×1.20 + 5×3.00 + 42×12.00 = 567.00; mugs and cans low.
    QTRY_VERIFY(m_page->valuationBar()->text().contains(u"87 units"_s));
    QVERIFY2(m_page->valuationBar()->text().contains(Money(567'00, u"EUR").toString(QLocale())),
             qPrintable(m_page->valuationBar()->text()));
    QVERIFY(m_page->valuationBar()->text().contains(u"2 low"_s));
    QTRY_COMPARE(m_page->lowStockCount(), 2);
    QVERIFY(m_page->findChild<QPushButton *>(u"lowStockButton"_s)->text().contains(u"(2)"_s));
    QVERIFY(m_page->findChild<QPushButton *>(u"receiveButton"_s)->isVisible());
    m_page->view()->selectRow(cups);
    QTRY_VERIFY(m_page->historyPanel()->model()->rowCount() > 0);
    test::saveScreenshotIfWanted(m_page.get(), u"inventory-page"_s);
}

void TestInventoryPage::filtersNarrowTheTable()
{
    QVERIFY(openPage(m_shop->admin));
    auto *state = m_page->findChild<QComboBox *>(u"stateFilter"_s);
    auto *location = m_page->findChild<QComboBox *>(u"locationFilter"_s);
    QVERIFY(state && location);
    const auto skus = [this] {
        QStringList result;
        for (int row = 0; row < m_page->model()->rowCount(); ++row)
            result.append(m_page->model()->levelAt(row)->sku);
        result.sort();
        return result;
    };

    state->setCurrentIndex(state->findData(int(StockState::Low)));
    QVERIFY(waitForRows());
    QCOMPARE(skus(), (QStringList{u"CAN-10"_s, u"MUG-LAT"_s}));
    state->setCurrentIndex(state->findData(int(StockState::OutOfStock)));
    QVERIFY(waitForRows());
    QCOMPARE(skus(), QStringList{u"CAN-10"_s});
    test::saveScreenshotIfWanted(m_page.get(), u"inventory-out-of-stock"_s);

    state->setCurrentIndex(0);
    location->setCurrentIndex(location->findData(m_backRoom));
    QVERIFY(waitForRows());
    QCOMPARE(skus(), QStringList{u"HOS-25"_s});
    QTRY_VERIFY(m_page->valuationBar()->text().contains(u"12 units"_s));

    location->setCurrentIndex(0);
    QTest::keyClicks(m_page->searchBox(), u"mug"_s);
    QTRY_COMPARE(m_page->model()->query().text, u"mug"_s);
    QVERIFY(waitForRows());
    QCOMPARE(skus(), QStringList{u"MUG-LAT"_s});
    m_page->searchBox()->clear();
    QTest::keyClicks(m_page->searchBox(), u"zzz"_s);
    QTest::keyClick(m_page->searchBox(), Qt::Key_Return);
    QVERIFY(waitForRows());
    QTRY_COMPARE(m_page->countText(), u"No stock line matches"_s);
}

void TestInventoryPage::aScanSelectsTheLineAndShowsItsHistory()
{
    QVERIFY(openPage(m_shop->admin));
    QLineEdit *search = m_page->searchBox();
    m_page->view()->setFocus();
    QTest::keyClick(m_page->view(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(search->hasFocus());
    // A keyboard wedge: the digits, then Enter.
    QTest::keyClicks(search, u"4006381333948"_s);
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_VERIFY(m_page->selectedLevel().has_value());
    QCOMPARE(m_page->selectedLevel()->sku, u"MUG-LAT"_s);
    QTRY_VERIFY(m_page->historyPanel()->title().contains(u"Latte Mug"_s));
    StockMovementModel *history = m_page->historyPanel()->model();
    QTRY_COMPARE(history->rowCount(), 1);
    QCOMPARE(history->movementAt(0).reason, MovementReason::Receive);
    QCOMPARE(history->index(0, StockMovementModel::QuantityColumn).data().toString(), u"+5"_s);
    // The code stays selected, so the next scan replaces it.
    QCOMPARE(search->selectedText(), u"4006381333948"_s);
    test::saveScreenshotIfWanted(m_page.get(), u"inventory-scan"_s);
}

void TestInventoryPage::receivesByScanning()
{
    QVERIFY(openPage(m_shop->admin));
    auto *dialog = openDialog<ReceiveDialog>(Qt::Key_R);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->scanBox()->hasFocus());
    QTest::keyClicks(dialog->supplierEdit(), u"Wholesale Ltd"_s);
    dialog->scanBox()->setFocus();
    StockLinesTable *lines = dialog->lines();
    // Two codes (a barcode and a SKU), the first one twice: two lines.
    for (const QString &code : {u"4006381333931"_s, u"mug-lat"_s, u"4006381333931"_s}) {
        QTest::keyClicks(dialog->scanBox(), code);
        QTest::keyClick(dialog->scanBox(), Qt::Key_Return);
        QTRY_COMPARE(lines->pendingLookups(), 0);
    }
    QTRY_COMPARE(lines->rowCount(), 2);
    QCOMPARE(lines->item(0, StockLinesTable::SkuColumn)->text(), u"CUP-ESP"_s);
    QCOMPARE(lines->item(0, StockLinesTable::QuantityColumn)->text(), u"2"_s);
    QCOMPARE(lines->item(1, StockLinesTable::QuantityColumn)->text(), u"1"_s);
    QVERIFY(dialog->scanBox()->text().isEmpty());

    // An unknown code: refused with a sentence, no line added.
    QTest::keyClicks(dialog->scanBox(), u"999000111"_s);
    QTest::keyClick(dialog->scanBox(), Qt::Key_Return);
    QTRY_VERIFY(dialog->message().contains(u"999000111"_s));
    QCOMPARE(lines->rowCount(), 2);

    lines->item(1, StockLinesTable::QuantityColumn)->setText(u"10"_s);
    lines->item(1, StockLinesTable::UnitCostColumn)->setText(u"3.20"_s);
    test::saveScreenshotIfWanted(dialog, u"inventory-receive"_s);

    // A quantity that is not a number: refused in the dialog, nothing posted.
    lines->item(0, StockLinesTable::QuantityColumn)->setText(u"-2"_s);
    QTest::mouseClick(dialog->receiveButton(), Qt::LeftButton);
    QTRY_VERIFY(dialog->message().contains(u"above zero"_s));
    QCOMPARE(onHand(u"CUP-ESP"_s, m_store), 40);
    lines->item(0, StockLinesTable::QuantityColumn)->setText(u"2"_s);

    QTest::mouseClick(dialog->receiveButton(), Qt::LeftButton);
    QTRY_VERIFY(m_page->findChild<ReceiveDialog *>() == nullptr || !m_page->findChild<ReceiveDialog *>()->isVisible());
    QTRY_VERIFY(m_page->feedback().contains(u"Received 12 units"_s));
    QCOMPARE(onHand(u"CUP-ESP"_s, m_store), 42);
    QCOMPARE(onHand(u"MUG-LAT"_s, m_store), 15);
    // The table follows without a reset.
    QTRY_COMPARE(m_page->model()->index(rowOf(u"MUG-LAT"_s, m_store), StockLevelTableModel::OnHandColumn)
                     .data()
                     .toString(),
                 u"15"_s);
}

void TestInventoryPage::transferOfMoreThanAvailableIsRefused()
{
    QVERIFY(openPage(m_shop->admin));
    auto *dialog = openDialog<TransferDialog>(Qt::Key_T);
    QVERIFY(dialog);
    dialog->fromCombo()->setCurrentIndex(dialog->fromCombo()->findData(m_store));
    dialog->toCombo()->setCurrentIndex(dialog->toCombo()->findData(m_backRoom));
    dialog->scanBox()->setFocus();
    QTest::keyClicks(dialog->scanBox(), u"4006381333948"_s);
    QTest::keyClick(dialog->scanBox(), Qt::Key_Return);
    QTRY_COMPARE(dialog->lines()->rowCount(), 1);
    dialog->lines()->item(0, StockLinesTable::QuantityColumn)->setText(u"50"_s);
    QVERIFY(dialog->transferButton()->isEnabled());
    QTest::mouseClick(dialog->transferButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog->message().isEmpty());
    QVERIFY2(dialog->message().contains(u"Latte Mug"_s), qPrintable(dialog->message()));
    QVERIFY(dialog->isVisible());
    test::saveScreenshotIfWanted(dialog, u"inventory-transfer-refused"_s);
    QCOMPARE(onHand(u"MUG-LAT"_s, m_store), 5);
    QCOMPARE(onHand(u"MUG-LAT"_s, m_backRoom), 0);

    // Within what is there, it moves.
    dialog->lines()->item(0, StockLinesTable::QuantityColumn)->setText(u"3"_s);
    QTest::mouseClick(dialog->transferButton(), Qt::LeftButton);
    QTRY_VERIFY(m_page->feedback().contains(u"Moved 3 units"_s));
    QCOMPARE(onHand(u"MUG-LAT"_s, m_store), 2);
    QCOMPARE(onHand(u"MUG-LAT"_s, m_backRoom), 3);
}

void TestInventoryPage::adjustmentNeedsANote()
{
    QVERIFY(openPage(m_shop->admin));
    m_page->view()->selectRow(rowOf(u"CUP-ESP"_s, m_store));
    auto *dialog = openDialog<AdjustDialog>(Qt::Key_J);
    QVERIFY(dialog);
    QCOMPARE(dialog->variantId(), m_variants.value(u"CUP-ESP"_s));
    QVERIFY(!dialog->adjustButton()->isEnabled());
    QVERIFY(dialog->blocker().contains(u"reason"_s));
    dialog->reasonCombo()->setCurrentIndex(dialog->reasonCombo()->findData(int(MovementReason::Damaged)));
    dialog->quantityBox()->setValue(2);
    QVERIFY(dialog->blocker().contains(u"negative"_s));
    dialog->quantityBox()->setValue(-2);
    QVERIFY(!dialog->adjustButton()->isEnabled());
    QVERIFY2(dialog->blocker().contains(u"note"_s), qPrintable(dialog->blocker()));
    // Enter without a note: the reason is said, nothing is written.
    dialog->submit();
    QVERIFY(dialog->message().contains(u"note"_s));
    test::saveScreenshotIfWanted(dialog, u"inventory-adjust-needs-note"_s);
    QCOMPARE(onHand(u"CUP-ESP"_s, m_store), 40);

    QTest::keyClicks(dialog->noteEdit(), u"Dropped while shelving"_s);
    QVERIFY(dialog->adjustButton()->isEnabled());
    QTest::mouseClick(dialog->adjustButton(), Qt::LeftButton);
    QTRY_VERIFY(!m_page->feedback().isEmpty());
    QCOMPARE(onHand(u"CUP-ESP"_s, m_store), 38);
    QTRY_COMPARE(m_page->historyPanel()->model()->rowCount(), 2);
    QCOMPARE(m_page->historyPanel()->model()->movementAt(0).note, u"Dropped while shelving"_s);
}

void TestInventoryPage::stocktakePostsTheDifferences()
{
    QVERIFY(openPage(m_shop->admin));
    auto *dialog = openDialog<StocktakeDialog>(Qt::Key_K);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isReady());
    QVERIFY(!dialog->stocktake());
    dialog->locationCombo()->setCurrentIndex(dialog->locationCombo()->findData(m_store));
    QTRY_VERIFY(dialog->isReady());
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    QTRY_VERIFY(dialog->stocktake().has_value());
    QTRY_VERIFY(dialog->table()->rowCount() >= 4);

    // 39 cups: a case of 38 scanned once, then one more.
    dialog->quantityBox()->setValue(38);
    QTest::keyClicks(dialog->scanBox(), u"4006381333931"_s);
    QTest::keyClick(dialog->scanBox(), Qt::Key_Return);
    QTRY_COMPARE(dialog->pendingCounts(), 0);
    QCOMPARE(dialog->quantityBox()->value(), 1);
    QTest::keyClicks(dialog->scanBox(), u"CUP-ESP"_s);
    QTest::keyClick(dialog->scanBox(), Qt::Key_Return);
    QTRY_COMPARE(dialog->pendingCounts(), 0);
    const int cups = dialog->rowOfSku(u"CUP-ESP"_s);
    QTRY_COMPARE(dialog->table()->item(cups, StocktakeDialog::CountedColumn)->text(), u"39"_s);
    QCOMPARE(dialog->table()->item(cups, StocktakeDialog::DifferenceColumn)->text(), u"-1"_s);

    // Typed: six mugs (one more than expected). A negative count is refused.
    const int mugs = dialog->rowOfSku(u"MUG-LAT"_s);
    dialog->table()->item(mugs, StocktakeDialog::CountedColumn)->setText(u"-3"_s);
    QVERIFY(dialog->message().contains(u"-3"_s));
    QCOMPARE(dialog->table()->item(mugs, StocktakeDialog::CountedColumn)->text(), QString());
    dialog->table()->item(mugs, StocktakeDialog::CountedColumn)->setText(u"6"_s);
    QTRY_COMPARE(dialog->pendingCounts(), 0);
    QTRY_COMPARE(dialog->table()->item(mugs, StocktakeDialog::DifferenceColumn)->text(), u"+1"_s);
    // An unknown code counts nothing.
    QTest::keyClicks(dialog->scanBox(), u"123"_s);
    QTest::keyClick(dialog->scanBox(), Qt::Key_Return);
    QTRY_VERIFY(dialog->message().contains(u"123"_s));
    QVERIFY2(dialog->summary().contains(u"2 of"_s), qPrintable(dialog->summary()));
    test::saveScreenshotIfWanted(dialog, u"inventory-stocktake"_s);

    // −1 cup at 1.20 and +1 mug at 3.00: no net units, worth +1.80.
    QVERIFY2(dialog->confirmation().contains(Money(180, u"EUR").toString(QLocale())),
             qPrintable(dialog->confirmation()));
    QTest::mouseClick(dialog->postButton(), Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = dialog->findChild<QMessageBox *>(u"confirmPostBox"_s)) != nullptr);
    test::saveScreenshotIfWanted(box, u"inventory-stocktake-confirm"_s);
    QTest::mouseClick(box->findChild<QPushButton *>(u"confirmPostButton"_s), Qt::LeftButton);
    QTRY_VERIFY(m_page->feedback().contains(u"posted"_s));
    QCOMPARE(onHand(u"CUP-ESP"_s, m_store), 39);
    QCOMPARE(onHand(u"MUG-LAT"_s, m_store), 6);
    // Uncounted lines stay as they were.
    QCOMPARE(onHand(u"HOS-25"_s, m_store), 30);
}

void TestInventoryPage::lowStockListExports()
{
    QVERIFY(openPage(m_shop->admin));
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"lowStockButton"_s), Qt::LeftButton);
    LowStockDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_page->findChild<LowStockDialog *>()) != nullptr);
    QTRY_VERIFY(dialog->isLoaded());
    QCOMPARE(dialog->table()->rowCount(), 2);
    // Emptiest first.
    QCOMPARE(dialog->table()->item(0, LowStockDialog::SkuColumn)->text(), u"CAN-10"_s);
    QCOMPARE(dialog->table()->item(1, LowStockDialog::SkuColumn)->text(), u"MUG-LAT"_s);
    test::saveScreenshotIfWanted(dialog, u"inventory-low-stock"_s);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"low.csv"_s);
    dialog->exportTo(path);
    QTRY_VERIFY(dialog->message().contains(u"(lines: 2)"_s));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(1).contains("CAN-10"));

    // A folder that does not exist: a sentence, no file.
    dialog->exportTo(dir.filePath(u"missing/low.csv"_s));
    QTRY_VERIFY(!dialog->message().contains(u"Saved"_s) && !dialog->message().isEmpty());
    QVERIFY(!QFile::exists(dir.filePath(u"missing/low.csv"_s)));
}

void TestInventoryPage::clerksOnlyLook()
{
    QVERIFY(openPage(m_shop->clerk));
    QCOMPARE(m_page->model()->rowCount(), 5);
    QVERIFY(!m_page->findChild<QPushButton *>(u"receiveButton"_s)->isVisible());
    QVERIFY(!m_page->findChild<QPushButton *>(u"stocktakeButton"_s)->isVisible());
    QVERIFY(m_page->findChild<QPushButton *>(u"lowStockButton"_s)->isVisible());
    m_page->view()->setFocus();
    QTest::keyClick(m_page->view(), Qt::Key_R, Qt::ControlModifier);
    QTest::keyClick(m_page->view(), Qt::Key_K, Qt::ControlModifier);
    QTest::qWait(50);
    QVERIFY(!m_page->findChild<ReceiveDialog *>());
    QVERIFY(!m_page->findChild<StocktakeDialog *>());
    // Nobody offers a vendor filter while there are no vendors.
    QVERIFY(m_page->findChild<QComboBox *>(u"vendorFilter"_s)->isHidden());
}

void TestInventoryPage::theSidebarShowsTheLowStockCount()
{
    MainWindow window(m_shop->services, m_shop->admin, m_shop->settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const int row = int(window.pages().indexOf(Page::Inventory));
    QVERIFY(row >= 0);
    // Counted before anyone opens the page.
    QTRY_COMPARE(window.sidebar()->item(row)->text(), u"Inventory (2)"_s);
    QVERIFY(window.showPage(Page::Inventory));
    auto *page = qobject_cast<InventoryPage *>(window.pageWidget(Page::Inventory));
    QVERIFY(page);
    QTRY_VERIFY(page->hasLoaded());
    test::saveScreenshotIfWanted(&window, u"inventory-main-window"_s);
}

QTEST_MAIN(TestInventoryPage)

#include "tst_inventorypage.moc"
