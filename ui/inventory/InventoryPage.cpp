#include "inventory/InventoryPage.h"

#include "CategoryTreeModel.h"
#include "Navigation.h"
#include "StockLevelTableModel.h"
#include "auth/Permissions.h"
#include "auth/UserService.h"
#include "common/ErrorMessageBox.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "core/Money.h"
#include "db/ChangeLog.h"
#include "db/ChangeWatcher.h"
#include "inventory/AdjustDialog.h"
#include "inventory/InventoryFilterBar.h"
#include "inventory/InventoryLedger.h"
#include "inventory/LowStock.h"
#include "inventory/LowStockDialog.h"
#include "inventory/MovementHistoryPanel.h"
#include "inventory/ReceiveDialog.h"
#include "inventory/StockLevelSearch.h"
#include "inventory/StockLinesTable.h"
#include "inventory/StocktakeDialog.h"
#include "inventory/TransferDialog.h"
#include "inventory/ValuationBar.h"
#include "shop/SettingsService.h"

#include <QAction>
#include <QCoro/QCoroFuture>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

namespace {

// Long enough that a word typed quickly is one query; a scanner's Enter
// searches at once.
constexpr auto SearchDelay = 250ms;
// Several registers selling at once are one recount of the totals, not many.
constexpr auto TotalsDelay = 300ms;

} // namespace

InventoryPage::InventoryPage(const Services &services, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_mayManage(isAllowed(session.role, Permission::ManageInventory)),
      m_mayCount(m_mayManage && !session.vendorId.has_value()),
      m_seesAllVendors(isAllowed(session.role, Permission::ManageUsers)),
      m_model(new StockLevelTableModel(services.stockLevels, this)),
      m_categories(new CategoryTreeModel(services.categories, this)),
      m_search(new QLineEdit(this)),
      m_count(new QLabel(this)),
      m_filters(new InventoryFilterBar(this)),
      m_splitter(new QSplitter(Qt::Vertical, this)),
      m_view(new QTableView(this)),
      m_history(new MovementHistoryPanel(services.ledger, session, this)),
      m_valuation(new ValuationBar(this)),
      m_feedback(new InlineMessage(this)),
      m_receiveButton(new QPushButton(tr("&Receive…"), this)),
      m_transferButton(new QPushButton(tr("&Transfer…"), this)),
      m_adjustButton(new QPushButton(tr("A&djust…"), this)),
      m_stocktakeButton(new QPushButton(tr("Stoc&ktake…"), this)),
      m_lowStockButton(new QPushButton(tr("Lo&w stock…"), this)),
      m_searchAction(new QAction(tr("Find stock"), this)),
      m_receiveAction(new QAction(tr("Receive…"), this)),
      m_transferAction(new QAction(tr("Transfer…"), this)),
      m_adjustAction(new QAction(tr("Adjust…"), this)),
      m_stocktakeAction(new QAction(tr("Stocktake…"), this))
{
    setObjectName(u"inventoryPage"_s);

    m_search->setObjectName(u"stockSearch"_s);
    m_search->setPlaceholderText(tr("Name, SKU or barcode; or scan an item"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    auto *searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    m_count->setObjectName(u"stockCount"_s);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(searchLabel);
    searchRow->addWidget(m_search, 1);
    searchRow->addSpacing(12);
    searchRow->addWidget(m_count);

    m_receiveButton->setObjectName(u"receiveButton"_s);
    m_transferButton->setObjectName(u"transferButton"_s);
    m_adjustButton->setObjectName(u"adjustButton"_s);
    m_stocktakeButton->setObjectName(u"stocktakeButton"_s);
    m_lowStockButton->setObjectName(u"lowStockButton"_s);
    m_receiveButton->setToolTip(tr("A delivery from a supplier, scanned item by item (Ctrl+R)."));
    m_transferButton->setToolTip(tr("Moves stock from one location to another (Ctrl+T)."));
    m_adjustButton->setToolTip(tr("Damaged, lost or found stock, with a note saying why (Ctrl+J)."));
    m_stocktakeButton->setToolTip(tr("Counts the shelves of a location and posts the differences (Ctrl+K)."));
    m_lowStockButton->setToolTip(tr("Everything at or below its reorder level, with what to order."));
    auto *buttonRow = new QHBoxLayout;
    for (QPushButton *button : {m_receiveButton, m_transferButton, m_adjustButton, m_stocktakeButton}) {
        button->setAutoDefault(false);
        button->setVisible(m_mayManage);
        buttonRow->addWidget(button);
    }
    m_stocktakeButton->setVisible(m_mayCount);
    buttonRow->addStretch(1);
    m_lowStockButton->setAutoDefault(false);
    buttonRow->addWidget(m_lowStockButton);

    const auto addShortcut = [this](QAction *action, const QString &name, const QKeySequence &key, bool enabled) {
        action->setObjectName(name);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setEnabled(enabled);
        addAction(action);
    };
    addShortcut(m_searchAction, u"findStockAction"_s, QKeySequence::Find, true);
    addShortcut(m_receiveAction, u"receiveAction"_s, QKeySequence(Qt::CTRL | Qt::Key_R), m_mayManage);
    addShortcut(m_transferAction, u"transferAction"_s, QKeySequence(Qt::CTRL | Qt::Key_T), m_mayManage);
    addShortcut(m_adjustAction, u"adjustAction"_s, QKeySequence(Qt::CTRL | Qt::Key_J), m_mayManage);
    addShortcut(m_stocktakeAction, u"stocktakeAction"_s, QKeySequence(Qt::CTRL | Qt::Key_K), m_mayCount);
    m_searchAction->setShortcuts({QKeySequence::Find, QKeySequence(Qt::Key_F3)});

    m_view->setObjectName(u"stockTable"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setAccessibleName(tr("Stock levels"));
    QHeaderView *rows = m_view->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    // The product keeps a readable width: a narrow window scrolls sideways
    // rather than squeezing it; a wide one gives the rest to Value.
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    header->setSortIndicator(StockLevelTableModel::ProductColumn, Qt::AscendingOrder);
    const QFontMetrics metrics = m_view->fontMetrics();
    const auto fit = [this, &metrics, header](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(metrics.horizontalAdvance(title) + 28,
                                               metrics.horizontalAdvance(sample) + 16));
    };
    const QLocale locale;
    fit(StockLevelTableModel::ProductColumn, u"Stainless Steel Espresso Pot"_s);
    fit(StockLevelTableModel::OptionsColumn, u"XL / Navy"_s);
    fit(StockLevelTableModel::SkuColumn, u"DEMO-000123-XL"_s);
    fit(StockLevelTableModel::LocationColumn, u"Back room"_s);
    fit(StockLevelTableModel::OnHandColumn, locale.toString(99'999));
    fit(StockLevelTableModel::ReservedColumn, locale.toString(9'999));
    fit(StockLevelTableModel::AvailableColumn, locale.toString(99'999));
    fit(StockLevelTableModel::ReorderLevelColumn, locale.toString(999));
    fit(StockLevelTableModel::BinColumn, u"A-12-3"_s);
    fit(StockLevelTableModel::UnitCostColumn, Money(9'999'99, u"EUR").toString(locale));
    fit(StockLevelTableModel::ValueColumn, Money(999'999'99, u"EUR").toString(locale));
    m_view->setSortingEnabled(true);

    m_splitter->setObjectName(u"inventorySplitter"_s);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_history);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({metrics.height() * 24, metrics.height() * 9});

    m_feedback->setObjectName(u"inventoryFeedback"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(pageTitle(Page::Inventory), pageSummary(Page::Inventory), this));
    layout->addSpacing(4);
    layout->addLayout(searchRow);
    layout->addWidget(m_filters);
    layout->addLayout(buttonRow);
    layout->addWidget(m_feedback);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_valuation);

    setTabOrder(m_search, m_filters);
    setTabOrder(m_filters, m_view);
    setTabOrder(m_view, m_history->view());

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(SearchDelay);
    m_totalsDelay.setSingleShot(true);
    m_totalsDelay.setInterval(TotalsDelay);
    connect(m_search, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(&m_searchDelay, &QTimer::timeout, this, &InventoryPage::applyQuery);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        scanOrSearch(m_search->text().trimmed());
    });
    connect(&m_totalsDelay, &QTimer::timeout, this, [this] {
        loadValuation();
        loadLowStockCount();
    });
    connect(m_filters, &InventoryFilterBar::changed, this, [this] {
        m_feedback->clear();
        applyQuery();
    });

    connect(header, &QHeaderView::sortIndicatorChanged, this, &InventoryPage::syncSortIndicator);
    connect(m_model, &QAbstractItemModel::modelReset, this, &InventoryPage::syncSortIndicator);

    connect(m_searchAction, &QAction::triggered, this, &InventoryPage::focusSearch);
    connect(m_receiveAction, &QAction::triggered, this, &InventoryPage::receive);
    connect(m_transferAction, &QAction::triggered, this, &InventoryPage::transfer);
    connect(m_adjustAction, &QAction::triggered, this, &InventoryPage::adjust);
    connect(m_stocktakeAction, &QAction::triggered, this, &InventoryPage::stocktake);
    connect(m_receiveButton, &QPushButton::clicked, this, &InventoryPage::receive);
    connect(m_transferButton, &QPushButton::clicked, this, &InventoryPage::transfer);
    connect(m_adjustButton, &QPushButton::clicked, this, &InventoryPage::adjust);
    connect(m_stocktakeButton, &QPushButton::clicked, this, &InventoryPage::stocktake);
    connect(m_lowStockButton, &QPushButton::clicked, this, &InventoryPage::showLowStock);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &InventoryPage::updateHistory);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &InventoryPage::updateHistory);
    connect(m_model, &QAbstractItemModel::modelReset, this, &InventoryPage::updateHistory);
    connect(m_model, &StockLevelTableModel::windowLoaded, this, [this] {
        selectScannedVariant();
        // The selected line may have just arrived (or been refreshed).
        if (m_historyLevelId == 0)
            updateHistory();
        announceWhenLoaded();
    });
    connect(m_model, &StockLevelTableModel::idsLoaded, this, [this] {
        updateActions();
        announceWhenLoaded();
    });
    connect(m_model, &StockLevelTableModel::totalCountChanged, this, &InventoryPage::updateCount);
    connect(m_model, &StockLevelTableModel::loadingChanged, this, &InventoryPage::updateCount);
    connect(m_model, &StockLevelTableModel::loadFailed, this, [this](const QString &message, const QString &details) {
        showErrorMessage(this, tr("Inventory"), Error::make(ErrorCode::Unavailable, message, details));
    });
    connect(m_categories, &CategoryTreeModel::loaded, this,
            [this] { m_filters->setCategories(m_categories->categoryPaths()); });
    // Sales on other registers (other processes, other machines) arrive as
    // ids from the change feed: only those rows are read again.
    if (ChangeWatcher *changes = m_services.changes.get()) {
        connect(changes, &ChangeWatcher::changed, this, [this](const QString &topic, const QList<qint64> &ids) {
            if (topic == ChangeTopic::StockLevels)
                stockLevelsChanged(ids);
        });
        connect(changes, &ChangeWatcher::resynchronise, this, &InventoryPage::resynchronise);
    }
    updateActions();
    updateCount();
}

void InventoryPage::start()
{
    if (m_started)
        return;
    m_started = true;
    m_model->setSession(m_session);
    m_categories->setSession(m_session);
    loadSetup();
    loadValuation();
    loadLowStockCount();
}

void InventoryPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    start();
}

bool InventoryPage::eventFilter(QObject *watched, QEvent *event)
{
    // Down from the search box goes to the first line: search, look, act,
    // without the mouse.
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_PageDown) {
            m_searchDelay.stop();
            applyQuery();
            m_view->setFocus(Qt::ShortcutFocusReason);
            if (!m_view->selectionModel()->hasSelection() && m_model->rowCount() > 0)
                m_view->selectionModel()->setCurrentIndex(m_model->index(0, StockLevelTableModel::ProductColumn),
                                                          QItemSelectionModel::ClearAndSelect
                                                              | QItemSelectionModel::Rows);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void InventoryPage::announceWhenLoaded()
{
    if (m_loaded || !m_setupLoaded || !m_model->hasIds())
        return;
    if (m_model->rowCount() > 0 && !m_model->isRowLoaded(0))
        return;
    m_loaded = true;
    emit loaded();
}

QCoro::Task<> InventoryPage::loadSetup()
{
    QPointer<InventoryPage> guard(this);
    const QFuture<Result<ShopSettings>> pendingSettings = m_services.settings->load();
    const Result<ShopSettings> settings = co_await pendingSettings;
    if (!guard)
        co_return;
    if (settings)
        m_currency = settings->currency;
    const QFuture<Result<QList<Location>>> pendingLocations = m_services.ledger->locations(m_session);
    const Result<QList<Location>> locations = co_await pendingLocations;
    if (!guard)
        co_return;
    if (locations) {
        m_locations = locations.value();
        m_filters->setLocations(m_locations);
        m_history->setLocations(m_locations);
    } else {
        m_feedback->showError(locations.error().message);
    }
    m_setupLoaded = true;
    announceWhenLoaded();
    // Only those who see every vendor's products may choose among vendors.
    if (!m_seesAllVendors)
        co_return;
    const QFuture<Result<QList<Vendor>>> pendingVendors = m_services.users->vendors(m_session);
    const Result<QList<Vendor>> vendors = co_await pendingVendors;
    if (!guard || !vendors)
        co_return;
    m_filters->setVendors(vendors.value());
}

QCoro::Task<> InventoryPage::loadValuation()
{
    QPointer<InventoryPage> guard(this);
    const quint64 generation = ++m_valuationGeneration;
    m_valuation->setLoading();
    const StockLevelQuery query = m_model->query();
    const QFuture<Result<StockValuation>> pending = m_services.stockLevels->valuation(m_session, query);
    const Result<StockValuation> valuation = co_await pending;
    if (!guard || generation != m_valuationGeneration)
        co_return;
    if (!valuation) {
        m_valuation->clear();
        co_return;
    }
    m_valuation->setValuation(valuation.value());
}

void InventoryPage::refreshLowStockCount()
{
    loadLowStockCount();
}

QCoro::Task<> InventoryPage::loadLowStockCount()
{
    QPointer<InventoryPage> guard(this);
    const QFuture<Result<qint64>> pending = m_services.lowStock->count(m_session);
    const Result<qint64> count = co_await pending;
    if (!guard || !count)
        co_return;
    m_lowStockButton->setText(count.value() > 0 ? tr("Lo&w stock (%1)…").arg(QLocale().toString(count.value()))
                                                : tr("Lo&w stock…"));
    if (count.value() == m_lowStockCount)
        co_return;
    m_lowStockCount = count.value();
    emit lowStockCountChanged(m_lowStockCount);
}

QCoro::Task<> InventoryPage::scanOrSearch(QString text)
{
    // A code that names a variant exactly is a scan: its line gets selected.
    // Anything else is a search.
    m_scannedVariant = 0;
    if (text.isEmpty()) {
        applyQuery();
        co_return;
    }
    QPointer<InventoryPage> guard(this);
    const QFuture<Result<qint64>> pending = m_services.stockLevels->variantForCode(m_session, text);
    const Result<qint64> variant = co_await pending;
    if (!guard || m_search->text().trimmed() != text)
        co_return;
    if (variant)
        m_scannedVariant = variant.value();
    applyQuery();
    selectScannedVariant();
    // The next scan replaces this code.
    m_search->selectAll();
}

void InventoryPage::selectScannedVariant()
{
    if (m_scannedVariant == 0 || m_model->isLoading())
        return;
    const int row = m_model->firstLoadedRowOfVariant(m_scannedVariant);
    if (row < 0) {
        // Its window is on its way, or the filters hide it.
        if (m_model->rowCount() == 0)
            m_scannedVariant = 0;
        else
            m_model->index(0, 0).data(); // asks for the first window
        return;
    }
    m_scannedVariant = 0;
    const QModelIndex index = m_model->index(row, StockLevelTableModel::ProductColumn);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void InventoryPage::applyQuery()
{
    StockLevelQuery query = m_model->query();
    query.text = m_search->text().trimmed();
    m_filters->apply(query);
    if (query == m_model->query())
        return;
    m_model->setQuery(query);
    loadValuation();
}

void InventoryPage::syncSortIndicator()
{
    const StockLevelQuery &query = m_model->query();
    const int column = StockLevelTableModel::columnFor(query.sort);
    const Qt::SortOrder order = query.descending ? Qt::DescendingOrder : Qt::AscendingOrder;
    QHeaderView *header = m_view->horizontalHeader();
    if (header->sortIndicatorSection() == column && header->sortIndicatorOrder() == order)
        return;
    const QSignalBlocker blocker(header);
    header->setSortIndicator(column, order);
    header->viewport()->update();
}

QString InventoryPage::countText() const
{
    return m_count->text();
}

QString InventoryPage::feedback() const
{
    return m_feedback->text();
}

void InventoryPage::updateCount()
{
    const qint64 total = m_model->totalCount();
    const bool narrowed = !m_model->query().text.isEmpty() || m_filters->isFiltering();
    if (total < 0)
        m_count->setText(m_model->isLoading() ? tr("Counting stock lines…") : QString());
    else if (total == 0)
        m_count->setText(narrowed ? tr("No stock line matches") : tr("No stock yet"));
    else if (total == 1)
        m_count->setText(tr("1 stock line"));
    else
        m_count->setText(tr("%1 stock lines").arg(QLocale().toString(total)));
}

std::optional<StockLevel> InventoryPage::selectedLevel() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isRowSelected(current.row()))
        return std::nullopt;
    return m_model->levelAt(current.row());
}

bool InventoryPage::selectLevel(qint64 levelId)
{
    const int row = m_model->rowOfLevel(levelId);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, StockLevelTableModel::ProductColumn);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

void InventoryPage::updateHistory()
{
    const std::optional<StockLevel> level = selectedLevel();
    const qint64 levelId = level ? level->id : 0;
    if (levelId == m_historyLevelId)
        return;
    m_historyLevelId = levelId;
    m_history->showLevel(level);
    updateActions();
}

void InventoryPage::updateActions()
{
    m_adjustButton->setToolTip(selectedLevel()
                                   ? tr("Damaged, lost or found stock of the selected line (Ctrl+J).")
                                   : tr("Damaged, lost or found stock, with a note saying why (Ctrl+J)."));
}

void InventoryPage::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void InventoryPage::receive()
{
    if (!m_mayManage)
        return;
    auto *dialog = new ReceiveDialog(m_services, m_session, m_locations, m_filters->locationId(), m_currency, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ReceiveDialog::received, this, &InventoryPage::workflowDone);
    dialog->open();
}

void InventoryPage::transfer()
{
    if (!m_mayManage)
        return;
    const std::optional<StockLevel> level = selectedLevel();
    const std::optional<qint64> from = level ? std::optional<qint64>(level->locationId) : m_filters->locationId();
    auto *dialog = new TransferDialog(m_services, m_session, m_locations, from, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (level)
        dialog->lines()->addLevel(*level);
    connect(dialog, &TransferDialog::transferred, this, &InventoryPage::workflowDone);
    dialog->open();
}

void InventoryPage::adjust()
{
    if (!m_mayManage)
        return;
    auto *dialog = new AdjustDialog(m_services, m_session, m_locations, selectedLevel(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AdjustDialog::adjusted, this, &InventoryPage::workflowDone);
    dialog->open();
}

void InventoryPage::stocktake()
{
    if (!m_mayCount)
        return;
    auto *dialog = new StocktakeDialog(m_services, m_session, m_locations, m_filters->locationId(), m_currency, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &StocktakeDialog::posted, this, &InventoryPage::workflowDone);
    dialog->open();
}

void InventoryPage::showLowStock()
{
    LowStockQuery query;
    query.locationId = m_filters->locationId();
    auto *dialog = new LowStockDialog(m_services, m_session, query, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void InventoryPage::workflowDone(const QString &summary)
{
    m_feedback->showInformation(summary);
    m_model->reload();
    m_history->reload();
    loadValuation();
    loadLowStockCount();
}

void InventoryPage::stockLevelsChanged(const QList<qint64> &levelIds)
{
    if (!m_started) {
        refreshLowStockCount();
        return;
    }
    m_model->refreshRows(levelIds);
    if (levelIds.contains(m_historyLevelId))
        m_history->reload();
    // A level may have entered or left the low stock filter: the list
    // itself is read again with the totals.
    if (m_model->query().state != StockState::Any)
        m_model->reload();
    m_totalsDelay.start();
}

void InventoryPage::resynchronise()
{
    if (!m_started) {
        refreshLowStockCount();
        return;
    }
    m_model->reload();
    m_history->reload();
    m_totalsDelay.start();
}

} // namespace sk
