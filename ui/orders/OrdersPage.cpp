#include "orders/OrdersPage.h"

#include "Navigation.h"
#include "OrderTableModel.h"
#include "auth/Permissions.h"
#include "auth/UserService.h"
#include "common/ErrorMessageBox.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "db/ChangeLog.h"
#include "db/ChangeWatcher.h"
#include "orders/BulkStatusDialog.h"
#include "orders/OrderDetailPanel.h"
#include "orders/OrderDetails.h"
#include "orders/OrderFilterBar.h"
#include "orders/OrderSearch.h"
#include "orders/OrderService.h"
#include "orders/ShipDialog.h"
#include "register/ReturnDialog.h"
#include "shop/SettingsService.h"

#include <QAction>
#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
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

// Long enough that a word typed quickly is one query.
constexpr auto QueryDelay = 250ms;
// Arrowing down the list shows each order it stops on, not every one passed.
constexpr auto DetailDelay = 150ms;
// A busy register changes stock several times a second: the table is read
// again at most this often.
constexpr auto ChangeDelay = 1000ms;
// How many refusals a bulk change names in the message line.
constexpr int MaxNamedRefusals = 3;

QString personName(const User &user)
{
    return user.displayName().isEmpty() ? user.email : user.displayName();
}

// What of an order's row says it moved on: its status and money.
QString rowSignature(const OrderRow &row)
{
    return u"%1|%2|%3|%4"_s.arg(orderStatusName(row.status), row.total.toString(), row.paid.toString(),
                                row.refunded.toString());
}

} // namespace

OrdersPage::OrdersPage(const Services &services, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_mayManage(isAllowed(session.role, Permission::ManageOrders)),
      m_seesEveryone(isAllowed(session.role, Permission::ManageUsers)),
      m_searchService(std::make_shared<OrderSearch>(services.database)),
      m_details(std::make_shared<OrderDetails>(services.database)),
      m_model(new OrderTableModel(OrderTableModel::Source::fromSearch(m_searchService), this)),
      m_search(new QLineEdit(this)),
      m_count(new QLabel(this)),
      m_filters(new OrderFilterBar(this)),
      m_bulkButton(new QPushButton(tr("Change &status…"), this)),
      m_reloadButton(new QPushButton(tr("Reloa&d"), this)),
      m_feedback(new InlineMessage(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_view(new QTableView(this)),
      m_detail(new OrderDetailPanel(m_mayManage, this)),
      m_searchAction(new QAction(tr("Find orders"), this))
{
    setObjectName(u"ordersPage"_s);

    m_search->setObjectName(u"orderSearch"_s);
    m_search->setPlaceholderText(tr("Order number, or the customer's name or e-mail"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    auto *searchLabel = new QLabel(tr("S&earch:"), this);
    searchLabel->setBuddy(m_search);
    m_count->setObjectName(u"orderCount"_s);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(searchLabel);
    searchRow->addWidget(m_search, 1);
    searchRow->addSpacing(12);
    searchRow->addWidget(m_count);

    m_bulkButton->setObjectName(u"bulkStatusButton"_s);
    m_bulkButton->setToolTip(tr("Moves every selected order to another status."));
    m_bulkButton->setAutoDefault(false);
    m_bulkButton->setVisible(m_mayManage);
    m_bulkButton->setEnabled(false);
    m_reloadButton->setObjectName(u"reloadOrdersButton"_s);
    m_reloadButton->setAutoDefault(false);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_bulkButton);
    buttonRow->addStretch(1);
    buttonRow->addWidget(m_reloadButton);

    m_searchAction->setObjectName(u"findOrdersAction"_s);
    m_searchAction->setShortcuts({QKeySequence::Find, QKeySequence(Qt::Key_F3)});
    m_searchAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_searchAction);

    m_view->setObjectName(u"ordersTable"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(m_mayManage ? QAbstractItemView::ExtendedSelection
                                         : QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setAccessibleName(tr("Orders"));
    m_view->installEventFilter(this);
    QHeaderView *rows = m_view->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    const QFontMetrics metrics = m_view->fontMetrics();
    const auto fit = [this, &metrics, header](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(metrics.horizontalAdvance(title) + 20,
                                               metrics.horizontalAdvance(sample) + 12));
    };
    const QLocale locale;
    fit(OrderTableModel::NumberColumn, u"R12-000000"_s);
    fit(OrderTableModel::CreatedColumn, locale.toString(QDateTime(QDate(2026, 12, 28), QTime(23, 59)),
                                                        QLocale::ShortFormat));
    fit(OrderTableModel::ChannelColumn, orderChannelTitle(OrderChannel::InStore));
    fit(OrderTableModel::StatusColumn, orderStatusTitle(OrderStatus::Processing));
    fit(OrderTableModel::CustomerColumn, u"Ada Lovelace"_s);
    fit(OrderTableModel::ClerkColumn, u"Clara Clerk"_s);
    fit(OrderTableModel::UnitsColumn, locale.toString(999));
    fit(OrderTableModel::TotalColumn, Money(99'999'99, u"EUR").toString(locale));
    // Who rang up a sale is the shop's business, not the vendor's.
    m_view->setColumnHidden(OrderTableModel::ClerkColumn, session.vendorId.has_value());

    m_splitter->setObjectName(u"ordersSplitter"_s);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    // The list keeps every column readable; the detail takes the rest.
    m_splitter->setSizes({metrics.horizontalAdvance(u"x"_s) * 120, metrics.horizontalAdvance(u"x"_s) * 70});

    m_feedback->setObjectName(u"ordersFeedback"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(pageTitle(Page::Orders), pageSummary(Page::Orders), this));
    layout->addSpacing(4);
    layout->addLayout(searchRow);
    layout->addWidget(m_filters);
    layout->addLayout(buttonRow);
    layout->addWidget(m_feedback);
    layout->addWidget(m_splitter, 1);

    setTabOrder(m_search, m_filters);
    setTabOrder(m_filters, m_view);
    setTabOrder(m_view, m_detail);

    m_queryDelay.setSingleShot(true);
    m_queryDelay.setInterval(QueryDelay);
    m_detailDelay.setSingleShot(true);
    m_detailDelay.setInterval(DetailDelay);
    connect(m_search, &QLineEdit::textChanged, &m_queryDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_queryDelay.stop();
        applyQuery();
    });
    connect(m_filters, &OrderFilterBar::changed, &m_queryDelay, qOverload<>(&QTimer::start));
    connect(&m_queryDelay, &QTimer::timeout, this, &OrdersPage::applyQuery);
    connect(&m_detailDelay, &QTimer::timeout, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        if (current.isValid())
            loadDetail(m_model->orderAt(current.row()).id);
    });

    connect(m_searchAction, &QAction::triggered, this, &OrdersPage::focusSearch);
    connect(m_bulkButton, &QPushButton::clicked, this, &OrdersPage::changeSelectedStatuses);
    connect(m_reloadButton, &QPushButton::clicked, this, &OrdersPage::reload);
    connect(m_view, &QTableView::doubleClicked, this, &OrdersPage::openCurrent);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &OrdersPage::showCurrentSoon);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &OrdersPage::updateActions);

    connect(m_model, &OrderTableModel::totalCountChanged, this, &OrdersPage::updateCount);
    connect(m_model, &OrderTableModel::loadingChanged, this, &OrdersPage::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &OrdersPage::updateActions);
    connect(m_model, &OrderTableModel::pageLoaded, this, [this] {
        updateCount();
        if (m_reselectId != 0) {
            const int row = m_model->rowOfOrder(m_reselectId);
            if (row >= 0) {
                m_view->setCurrentIndex(m_model->index(row, 0));
                m_reselectId = 0;
            } else if (m_model->isAtEnd()) {
                m_reselectId = 0;
            }
        }
        announceWhenLoaded();
    });
    connect(m_model, &OrderTableModel::loadFailed, this, [this](const QString &message, const QString &details) {
        showErrorMessage(this, tr("Orders"), Error::make(ErrorCode::Unavailable, message, details));
    });

    // Orders placed or moved elsewhere (the register, the web shop, another
    // desktop) are announced on the change feed's orders topic; returns and
    // payments move stock or money without a new status, and the stock
    // levels cover the returns. Either says when to read the loaded rows
    // again.
    m_changeDelay.setSingleShot(true);
    m_changeDelay.setInterval(ChangeDelay);
    connect(&m_changeDelay, &QTimer::timeout, this, &OrdersPage::followChanges);
    if (ChangeWatcher *changes = m_services.changes.get()) {
        connect(changes, &ChangeWatcher::changed, this, [this](const QString &topic) {
            if ((topic == ChangeTopic::Orders || topic == ChangeTopic::StockLevels) && !m_changeDelay.isActive())
                m_changeDelay.start();
        });
        connect(changes, &ChangeWatcher::resynchronise, this, [this] {
            if (!m_changeDelay.isActive())
                m_changeDelay.start();
        });
    }
    connect(m_model, &OrderTableModel::refreshed, this, [this] {
        updateCount();
        updateActions();
        detailRowRefreshed();
    });

    connect(m_detail, &OrderDetailPanel::statusChangeRequested, this,
            [this](OrderStatus to) { changeStatus(to); });
    connect(m_detail, &OrderDetailPanel::shipRequested, this, &OrdersPage::askShip);
    connect(m_detail, &OrderDetailPanel::cancelRequested, this, &OrdersPage::askCancel);
    connect(m_detail, &OrderDetailPanel::refundRequested, this, &OrdersPage::askRefund);
    updateCount();
}

OrdersPage::~OrdersPage() = default;

QString OrdersPage::countText() const
{
    return m_count->text();
}

QString OrdersPage::feedback() const
{
    return m_feedback->text();
}

QList<qint64> OrdersPage::selectedOrderIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        ids.append(m_model->orderAt(index.row()).id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

void OrdersPage::start()
{
    if (m_started)
        return;
    m_started = true;
    loadSetup();
    m_model->setSession(m_session);
}

void OrdersPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    start();
    if (m_stale) {
        m_stale = false;
        followChanges();
    }
}

void OrdersPage::followChanges()
{
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    if (!m_model->hasLoadedFirstPage())
        return;
    const int detailRow = m_model->rowOfOrder(m_detail->orderId());
    m_detailRowBefore = detailRow < 0 ? QString() : rowSignature(m_model->orderAt(detailRow));
    m_model->refresh();
}

// The detail panel reads its order again only when the order moved on, so a
// sale at the register does not disturb the order being looked at.
void OrdersPage::detailRowRefreshed()
{
    const int detailRow = m_model->rowOfOrder(m_detail->orderId());
    if (detailRow < 0 || m_busy || m_detailRowBefore.isEmpty())
        return;
    if (rowSignature(m_model->orderAt(detailRow)) != m_detailRowBefore)
        loadDetail(m_detail->orderId());
}

void OrdersPage::showCustomer(qint64 customerId, const QString &name)
{
    m_filters->setCustomer(customerId, name);
    m_queryDelay.stop();
    applyQuery();
}

bool OrdersPage::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_search && (key->key() == Qt::Key_Down || key->key() == Qt::Key_PageDown)
            && m_model->rowCount() > 0) {
            m_view->setFocus();
            if (!m_view->currentIndex().isValid())
                m_view->setCurrentIndex(m_model->index(0, 0));
            return true;
        }
        if (watched == m_view && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            openCurrent();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void OrdersPage::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void OrdersPage::openCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    m_detailDelay.stop();
    loadDetail(m_model->orderAt(current.row()).id);
    m_detail->tabs()->setFocus(Qt::OtherFocusReason);
}

void OrdersPage::reload()
{
    const QModelIndex current = m_view->currentIndex();
    m_reselectId = current.isValid() ? m_model->orderAt(current.row()).id : 0;
    m_model->reload();
    if (m_detail->orderId() != 0)
        loadDetail(m_detail->orderId());
}

void OrdersPage::applyQuery()
{
    OrderQuery query;
    query.search = m_search->text().trimmed();
    if (const std::optional<QString> wrong = m_filters->apply(query)) {
        // The table keeps the last query that could be read.
        m_feedback->showError(*wrong);
        return;
    }
    m_feedback->clear();
    m_model->setQuery(query);
}

void OrdersPage::updateCount()
{
    const qint64 total = m_model->totalCount();
    const bool narrowed = !m_search->text().trimmed().isEmpty() || m_filters->isFiltering();
    if (total < 0)
        m_count->setText(m_model->isLoading() ? tr("Counting orders…") : QString());
    else if (total == 0)
        m_count->setText(narrowed ? tr("No order matches") : tr("No orders yet"));
    else if (total == 1)
        m_count->setText(tr("1 order"));
    else
        m_count->setText(tr("%1 orders").arg(QLocale().toString(total)));
}

void OrdersPage::updateActions()
{
    const qsizetype selected = m_view->selectionModel()->selectedRows().size();
    m_bulkButton->setEnabled(m_mayManage && selected > 0 && !m_busy);
    m_bulkButton->setText(selected > 1 ? tr("Change &status of %1 orders…").arg(QLocale().toString(selected))
                                       : tr("Change &status…"));
}

void OrdersPage::showCurrentSoon()
{
    m_detailDelay.start();
}

void OrdersPage::announceWhenLoaded()
{
    if (m_loaded || !m_model->hasLoadedFirstPage())
        return;
    m_loaded = true;
    emit loaded();
}

QCoro::Task<> OrdersPage::loadSetup()
{
    QPointer<OrdersPage> guard(this);
    const QFuture<Result<ShopSettings>> pendingSettings = m_services.settings->load();
    const Result<ShopSettings> settings = co_await pendingSettings;
    if (!guard)
        co_return;
    if (settings)
        m_filters->setCurrency(settings->currency);
    // Only those who see every account may choose among vendors and clerks.
    if (!m_seesEveryone)
        co_return;
    const QFuture<Result<QList<Vendor>>> pendingVendors = m_services.users->vendors(m_session);
    const Result<QList<Vendor>> vendors = co_await pendingVendors;
    if (!guard)
        co_return;
    if (vendors)
        m_filters->setVendors(vendors.value());
    QList<std::pair<qint64, QString>> clerks;
    for (Role role : {Role::Clerk, Role::Admin}) {
        UserQuery query;
        query.role = role;
        query.sortColumn = UserQuery::SortColumn::Name;
        query.limit = 1000;
        const QFuture<Result<QList<User>>> pendingUsers = m_services.users->page(m_session, query);
        const Result<QList<User>> users = co_await pendingUsers;
        if (!guard)
            co_return;
        if (users)
            for (const User &user : users.value())
                clerks.append({user.id, personName(user)});
    }
    std::sort(clerks.begin(), clerks.end(),
              [](const auto &a, const auto &b) { return QString::localeAwareCompare(a.second, b.second) < 0; });
    m_filters->setClerks(clerks);
}

QCoro::Task<> OrdersPage::loadDetail(qint64 orderId)
{
    QPointer<OrdersPage> guard(this);
    const quint64 generation = ++m_detailGeneration;
    m_detail->showLoading(orderId);
    const QFuture<Result<OrderDetail>> pending = m_details->order(m_session, orderId);
    const Result<OrderDetail> detail = co_await pending;
    // An answer for an order the user has moved away from is dropped.
    if (!guard || generation != m_detailGeneration)
        co_return;
    if (!detail) {
        m_detail->showProblem(detail.error().message);
        co_return;
    }
    m_detail->showOrder(detail.value());
    emit detailShown(orderId);
}

void OrdersPage::finishAction(const QString &summary, bool failed)
{
    m_busy = false;
    if (failed)
        m_feedback->showError(summary);
    else
        m_feedback->showInformation(summary);
    updateActions();
    reload();
    emit actionFinished(summary);
}

QCoro::Task<> OrdersPage::changeStatus(OrderStatus to)
{
    const std::optional<OrderDetail> &order = m_detail->order();
    if (!order || m_busy)
        co_return;
    QPointer<OrdersPage> guard(this);
    m_busy = true;
    const QString number = order->header.orderNumber;
    const QFuture<Status> pending = m_services.orders->changeStatus(m_session, order->header.id, to, QString());
    const Status changed = co_await pending;
    if (!guard)
        co_return;
    finishAction(changed ? tr("Order %1 is now “%2”.").arg(number, orderStatusTitle(to)) : changed.error().message,
                 !changed);
}

void OrdersPage::askShip()
{
    const std::optional<OrderDetail> &order = m_detail->order();
    if (!order || m_busy)
        return;
    auto *dialog = new ShipDialog(order->header.orderNumber, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { ship(dialog->carrier(), dialog->trackingNumber(), dialog->note()); });
    dialog->open();
}

QCoro::Task<> OrdersPage::ship(QString carrier, QString tracking, QString note)
{
    const std::optional<OrderDetail> &order = m_detail->order();
    if (!order || m_busy)
        co_return;
    QPointer<OrdersPage> guard(this);
    m_busy = true;
    const QString number = order->header.orderNumber;
    const QFuture<Status> pending = m_services.orders->ship(m_session, order->header.id, carrier, tracking, note);
    const Status shipped = co_await pending;
    if (!guard)
        co_return;
    finishAction(shipped ? tr("Order %1 shipped with %2, tracking %3.").arg(number, carrier, tracking)
                         : shipped.error().message,
                 !shipped);
}

void OrdersPage::askCancel()
{
    const std::optional<OrderDetail> &order = m_detail->order();
    if (!order || m_busy)
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"cancelOrderDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Cancel order %1").arg(order->header.orderNumber));
    dialog->setLabelText(tr("Cancelling releases the reserved stock and refunds what was paid (%1). Why is the "
                            "order cancelled?")
                             .arg(order->header.paid.toString()));
    dialog->setOkButtonText(tr("Cancel the order"));
    dialog->setCancelButtonText(tr("Keep the order"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &text) {
        const QString reason = text.simplified();
        if (reason.isEmpty()) {
            m_feedback->showError(tr("Say why the order is cancelled; nothing was changed."));
            return;
        }
        cancel(reason);
    });
    dialog->open();
}

QCoro::Task<> OrdersPage::cancel(QString reason)
{
    const std::optional<OrderDetail> &order = m_detail->order();
    if (!order || m_busy)
        co_return;
    QPointer<OrdersPage> guard(this);
    m_busy = true;
    const QString number = order->header.orderNumber;
    QCoro::Task<Status> cancelling = m_services.orders->cancel(m_session, order->header.id, reason);
    const Status cancelled = co_await cancelling;
    if (!guard)
        co_return;
    finishAction(cancelled ? tr("Order %1 is cancelled.").arg(number) : cancelled.error().message, !cancelled);
}

void OrdersPage::askRefund()
{
    const std::optional<OrderDetail> &order = m_detail->order();
    if (!order || m_busy)
        return;
    // The register's return dialog, for this order and without a register:
    // the back office has no drawer, so money goes back to the original
    // payments only.
    auto *dialog = new ReturnDialog(m_services, m_session, 0, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Refund lines of order %1").arg(order->header.orderNumber));
    QComboBox *destination = dialog->destinationBox();
    destination->removeItem(destination->findData(int(RefundDestination::Cash)));
    dialog->receiptField()->setText(order->header.orderNumber);
    dialog->receiptField()->setReadOnly(true);
    connect(dialog, &ReturnDialog::returned, this, [this](const QString &summary) { finishAction(summary, false); });
    dialog->open();
    emit dialog->receiptField()->returnPressed();
}

void OrdersPage::changeSelectedStatuses()
{
    const QList<qint64> ids = selectedOrderIds();
    if (!m_mayManage || ids.isEmpty() || m_busy)
        return;
    auto *dialog = new BulkStatusDialog(int(ids.size()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, ids] { bulkChange(ids, dialog->status(), dialog->note()); });
    dialog->open();
}

QCoro::Task<> OrdersPage::bulkChange(QList<qint64> orderIds, OrderStatus to, QString note)
{
    QPointer<OrdersPage> guard(this);
    m_busy = true;
    updateActions();
    const QFuture<QList<BulkStatusOutcome>> pending = m_services.orders->changeStatuses(m_session, orderIds, to, note);
    const QList<BulkStatusOutcome> outcomes = co_await pending;
    if (!guard)
        co_return;
    int changed = 0;
    QStringList refusals;
    for (const BulkStatusOutcome &outcome : outcomes) {
        if (outcome.result)
            ++changed;
        else
            refusals.append(u"%1: %2"_s.arg(outcome.orderNumber, outcome.result.error().message));
    }
    const QString title = orderStatusTitle(to);
    QString summary = changed == 1 ? tr("1 order is now “%1”.").arg(title)
                                   : tr("%1 orders are now “%2”.").arg(QLocale().toString(changed), title);
    if (!refusals.isEmpty()) {
        summary += u' '
                   + (refusals.size() == 1 ? tr("1 kept its status:")
                                           : tr("%1 kept their status:").arg(QLocale().toString(refusals.size())))
                   + u' ' + QStringList(refusals.mid(0, MaxNamedRefusals)).join(u' ');
        if (refusals.size() > MaxNamedRefusals)
            summary += u' ' + tr("(and %1 more)").arg(QLocale().toString(refusals.size() - MaxNamedRefusals));
    }
    if (outcomes.isEmpty())
        summary = tr("No order was changed. Try again.");
    finishAction(summary, changed == 0);
}

} // namespace sk
