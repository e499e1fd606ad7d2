#include "customers/CustomersPage.h"

#include "CustomerTableModel.h"
#include "Navigation.h"
#include "common/ErrorMessageBox.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "customers/CustomerDetailPanel.h"
#include "customers/CustomerEditDialog.h"
#include "customers/CustomerService.h"
#include "customers/MergeCustomerDialog.h"

#include <QAction>
#include <QCoro/QCoroFuture>
#include <QDir>
#include <QFontMetrics>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

namespace {

// Long enough to let a word be typed, short enough to feel immediate.
constexpr auto SearchDelay = 250ms;
constexpr int OrdersPerPage = 50;

QString defaultSaveFile(QWidget *parent, const QString &suggestedName)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileDialog::getSaveFileName(parent, CustomersPage::tr("Export customer data"),
                                        QDir(folder).filePath(suggestedName),
                                        CustomersPage::tr("JSON files (*.json)"));
}

QString exportFileName(const Customer &customer)
{
    QString name = customer.displayName().toLower();
    for (QChar &c : name)
        if (!c.isLetterOrNumber())
            c = u'-';
    return u"customer-%1-%2.json"_s.arg(customer.id).arg(name);
}

} // namespace

CustomersPage::CustomersPage(const Services &services, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_model(new CustomerTableModel(services.customerAccounts, this)),
      m_search(new QLineEdit(this)),
      m_view(new QTableView(this)),
      m_detail(new CustomerDetailPanel(this)),
      m_feedback(new InlineMessage(this)),
      m_editButton(new QPushButton(tr("&Edit…"), this)),
      m_mergeButton(new QPushButton(tr("&Merge into…"), this)),
      m_exportButton(new QPushButton(tr("E&xport data…"), this)),
      m_chooseSaveFile(defaultSaveFile)
{
    setObjectName(u"customersPage"_s);

    m_search->setObjectName(u"customerSearch"_s);
    m_search->setPlaceholderText(tr("Start of a name, e-mail address or phone number"));
    m_search->setClearButtonEnabled(true);
    auto *searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    auto *findAction = new QAction(tr("Find customer"), this);
    findAction->setObjectName(u"findCustomerAction"_s);
    findAction->setShortcuts({QKeySequence::Find, QKeySequence(Qt::Key_F3)});
    findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(findAction);
    connect(findAction, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    auto *editAction = new QAction(tr("Edit customer"), this);
    editAction->setObjectName(u"editCustomerAction"_s);
    editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    editAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(editAction);
    connect(editAction, &QAction::triggered, this, &CustomersPage::editSelected);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(searchLabel);
    searchRow->addWidget(m_search, 1);

    m_editButton->setObjectName(u"editCustomerButton"_s);
    m_mergeButton->setObjectName(u"mergeCustomerButton"_s);
    m_exportButton->setObjectName(u"exportCustomerButton"_s);
    m_mergeButton->setToolTip(tr("Move this customer's orders, carts, addresses and reviews to another customer and "
                                 "switch this account off."));
    m_exportButton->setToolTip(tr("Save everything the shop holds about this customer as a JSON file."));
    auto *buttonRow = new QHBoxLayout;
    for (QPushButton *button : {m_editButton, m_mergeButton, m_exportButton}) {
        button->setAutoDefault(false);
        buttonRow->addWidget(button);
    }
    buttonRow->addStretch(1);
    connect(m_editButton, &QPushButton::clicked, this, &CustomersPage::editSelected);
    connect(m_mergeButton, &QPushButton::clicked, this, &CustomersPage::mergeSelected);
    connect(m_exportButton, &QPushButton::clicked, this, &CustomersPage::exportSelected);

    m_view->setObjectName(u"customerTable"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->setAccessibleName(tr("Customers"));
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    const int charWidth = m_view->fontMetrics().averageCharWidth();
    header->resizeSection(CustomerTableModel::NameColumn, charWidth * 26);
    header->resizeSection(CustomerTableModel::EmailColumn, charWidth * 32);
    header->resizeSection(CustomerTableModel::PhoneColumn, charWidth * 22);
    header->resizeSection(CustomerTableModel::OrdersColumn, charWidth * 9);
    header->resizeSection(CustomerTableModel::ValueColumn, charWidth * 16);

    m_feedback->setObjectName(u"customersFeedback"_s);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(pageTitle(Page::Customers), pageSummary(Page::Customers), this));
    layout->addSpacing(4);
    layout->addLayout(searchRow);
    layout->addLayout(buttonRow);
    layout->addWidget(m_feedback);
    layout->addWidget(splitter, 1);
    setTabOrder(m_search, m_view);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(SearchDelay);
    connect(m_search, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(&m_searchDelay, &QTimer::timeout, this, [this] { m_model->setSearch(m_search->text()); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        m_model->setSearch(m_search->text());
        if (m_model->rowCount() > 0)
            m_view->setFocus(Qt::OtherFocusReason);
    });

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        const std::optional<CustomerSummary> chosen = selectedCustomer();
        if (chosen)
            showCustomer(chosen->customer.id);
        else if (m_detail->customerId() != 0) {
            ++m_detailGeneration;
            m_profile.reset();
            m_detail->showNothing(tr("Choose a customer to see their orders and addresses."));
        }
    });
    connect(m_view, &QTableView::activated, this, &CustomersPage::editSelected);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CustomersPage::updateActions);
    connect(m_model, &CustomerTableModel::pageLoaded, this, [this] {
        fitFigureColumns();
        if (m_selectAfterLoad != 0 && (selectCustomer(m_selectAfterLoad) || m_model->isAtEnd()))
            m_selectAfterLoad = 0;
        if (!m_loaded) {
            m_loaded = true;
            emit loaded();
        }
    });
    connect(m_model, &CustomerTableModel::loadFailed, this, [this](const QString &message, const QString &details) {
        showErrorMessage(this, tr("Customers"), Error::make(ErrorCode::Unavailable, message, details));
    });
    connect(m_detail, &CustomerDetailPanel::moreOrdersWanted, this, [this] { loadMoreOrders(); });
    updateActions();
}

// Figures are read whole: the orders and lifetime value columns grow to
// their widest loaded value ("11,860.20 USD"), and never shrink under the
// reader's eyes.
void CustomersPage::fitFigureColumns()
{
    QHeaderView *header = m_view->horizontalHeader();
    const QFontMetrics metrics(m_view->font());
    // What the item delegate puts either side of the text.
    const int margins = 2 * (m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view) + 1);
    for (int column : {int(CustomerTableModel::OrdersColumn), int(CustomerTableModel::ValueColumn)}) {
        int widest = header->sectionSizeHint(column);
        for (int row = 0; row < m_model->rowCount(); ++row)
            widest = std::max(widest, metrics.horizontalAdvance(m_model->index(row, column).data().toString())
                                          + margins + metrics.averageCharWidth());
        if (widest > header->sectionSize(column))
            header->resizeSection(column, widest);
    }
}

void CustomersPage::start()
{
    if (m_started)
        return;
    m_started = true;
    m_model->setSession(m_session);
}

void CustomersPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    start();
}

std::optional<CustomerSummary> CustomersPage::selectedCustomer() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->customerAt(rows.first().row());
}

bool CustomersPage::selectCustomer(qint64 customerId)
{
    const int row = m_model->rowOfCustomer(customerId);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

QString CustomersPage::feedback() const
{
    return m_feedback->text();
}

void CustomersPage::updateActions()
{
    const std::optional<CustomerSummary> chosen = selectedCustomer();
    const bool live = chosen && chosen->mergedIntoId == 0;
    m_editButton->setEnabled(live);
    m_mergeButton->setEnabled(live);
    m_exportButton->setEnabled(chosen.has_value());
}

QCoro::Task<> CustomersPage::showCustomer(qint64 customerId)
{
    QPointer<CustomersPage> guard(this);
    // Only the answer for the customer chosen last is shown.
    const quint64 generation = ++m_detailGeneration;
    const QFuture<Result<CustomerProfile>> loading = m_services.customerAccounts->profile(m_session, customerId);
    const Result<CustomerProfile> profile = co_await loading;
    if (!guard || generation != m_detailGeneration)
        co_return;
    if (!profile) {
        m_profile.reset();
        m_detail->showNothing(profile.error().message);
        co_return;
    }
    m_profile = profile.value();
    m_detail->showProfile(profile.value());
    m_orderPage = OrderHistoryPage();
    m_orderPage.customerId = customerId;
    m_orderPage.limit = OrdersPerPage;
    const QFuture<Result<QList<OrderHistoryEntry>>> ordering = m_services.customerAccounts->orders(m_session, m_orderPage);
    const Result<QList<OrderHistoryEntry>> orders = co_await ordering;
    if (!guard || generation != m_detailGeneration)
        co_return;
    if (!orders) {
        m_feedback->showError(orders.error().message);
        co_return;
    }
    if (!orders->isEmpty())
        m_orderPage.continueAfter(orders->constLast());
    m_detail->appendOrders(orders.value(), orders->size() == m_orderPage.limit);
    emit detailShown(customerId);
}

QCoro::Task<> CustomersPage::loadMoreOrders()
{
    QPointer<CustomersPage> guard(this);
    const quint64 generation = m_detailGeneration;
    const QFuture<Result<QList<OrderHistoryEntry>>> ordering = m_services.customerAccounts->orders(m_session, m_orderPage);
    const Result<QList<OrderHistoryEntry>> orders = co_await ordering;
    if (!guard || generation != m_detailGeneration)
        co_return;
    if (!orders) {
        m_feedback->showError(orders.error().message);
        co_return;
    }
    if (!orders->isEmpty())
        m_orderPage.continueAfter(orders->constLast());
    m_detail->appendOrders(orders.value(), orders->size() == m_orderPage.limit);
}

void CustomersPage::editSelected()
{
    if (!m_profile || !m_editButton->isEnabled() || m_profile->customer.id != m_detail->customerId())
        return;
    auto *dialog = new CustomerEditDialog(m_services.customerAccounts, m_session, *m_profile, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Customer &saved = dialog->savedProfile().customer;
        m_feedback->showInformation(tr("Saved the details of %1.").arg(saved.displayName()));
        reloadAndSelect(saved.id);
    });
    dialog->open();
}

void CustomersPage::mergeSelected()
{
    const std::optional<CustomerSummary> chosen = selectedCustomer();
    if (!chosen || !m_mergeButton->isEnabled())
        return;
    auto *dialog = new MergeCustomerDialog(m_services.customerAccounts, m_session, chosen->customer, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, duplicate = chosen->customer] {
        const MergeOutcome &done = dialog->outcome();
        const auto named = [](const Customer &c) { return u"%1 (%2)"_s.arg(c.displayName(), c.email); };
        QString message = tr("Merged %1 into %2. Moved: orders %3, carts %4, addresses %5, reviews %6; "
                             "duplicate reviews dropped: %7.")
                              .arg(named(duplicate), named(dialog->survivor()))
                              .arg(done.ordersMoved)
                              .arg(done.cartsMoved)
                              .arg(done.addressesMoved)
                              .arg(done.reviewsMoved)
                              .arg(done.reviewsDropped);
        if (done.cartLinesCombined > 0)
            message += u' ' + tr("%n item(s) of the online cart joined the other account's cart.", nullptr,
                                 int(done.cartLinesCombined));
        m_feedback->showInformation(message);
        reloadAndSelect(done.survivorId);
    });
    dialog->open();
}

void CustomersPage::exportSelected()
{
    const std::optional<CustomerSummary> chosen = selectedCustomer();
    if (!chosen)
        return;
    const QString path = m_chooseSaveFile(this, exportFileName(chosen->customer));
    if (path.isEmpty())
        return;
    runExport(chosen.value(), path);
}

QCoro::Task<> CustomersPage::runExport(CustomerSummary customer, QString path)
{
    QPointer<CustomersPage> guard(this);
    m_feedback->clear();
    m_exportButton->setEnabled(false);
    const QFuture<Status> exporting = m_services.customerAccounts->exportData(m_session, customer.customer.id, path);
    const Status exported = co_await exporting;
    if (!guard)
        co_return;
    updateActions();
    if (!exported) {
        m_feedback->showError(exported.error().message);
        emit exportFinished(false);
        co_return;
    }
    m_feedback->showInformation(
        tr("Saved the data of %1 to %2.").arg(customer.customer.displayName(), QDir::toNativeSeparators(path)));
    emit exportFinished(true);
}

void CustomersPage::reloadAndSelect(qint64 customerId)
{
    m_selectAfterLoad = customerId;
    m_model->reload();
}

} // namespace sk
