#include "customers/MergeCustomerDialog.h"

#include "common/InlineMessage.h"
#include "customers/CustomerService.h"

#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

namespace {

constexpr auto SearchDelay = 250ms;
constexpr int ResultRows = 50;

QString nameAndEmail(const Customer &customer)
{
    return u"%1 (%2)"_s.arg(customer.displayName(), customer.email);
}

} // namespace

MergeCustomerDialog::MergeCustomerDialog(std::shared_ptr<CustomerService> customers, const Session &session,
                                         const Customer &duplicate, QWidget *parent)
    : QDialog(parent),
      m_customers(std::move(customers)),
      m_session(session),
      m_duplicate(duplicate),
      m_search(new QLineEdit(this)),
      m_results(new QListWidget(this)),
      m_message(new InlineMessage(this)),
      m_mergeButton(new QPushButton(tr("&Merge…"), this))
{
    setObjectName(u"mergeCustomerDialog"_s);
    setWindowTitle(tr("Merge %1 into…").arg(duplicate.displayName()));
    auto *intro = new QLabel(tr("Find the customer to keep. The orders, carts, addresses and reviews of %1 move "
                                "to that customer, and the account of %1 is switched off.")
                                 .arg(nameAndEmail(duplicate).toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    m_search->setObjectName(u"mergeSearch"_s);
    m_search->setPlaceholderText(tr("Name, e-mail or phone of the customer to keep"));
    m_search->setClearButtonEnabled(true);
    m_results->setObjectName(u"mergeResults"_s);
    m_results->setAccessibleName(tr("Customers to keep"));
    m_message->setObjectName(u"mergeMessage"_s);
    m_mergeButton->setObjectName(u"mergeButton"_s);
    m_mergeButton->setEnabled(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_mergeButton, QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_mergeButton, &QPushButton::clicked, this, &MergeCustomerDialog::askToMerge);
    connect(m_results, &QListWidget::currentRowChanged, this,
            [this](int row) { m_mergeButton->setEnabled(row >= 0 && row < m_found.size()); });
    connect(m_results, &QListWidget::itemActivated, this, &MergeCustomerDialog::askToMerge);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(SearchDelay);
    connect(m_search, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(&m_searchDelay, &QTimer::timeout, this, [this] { find(m_search->text()); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        find(m_search->text());
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_search);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(520, 400);
}

QString MergeCustomerDialog::message() const
{
    return m_message->text();
}

QCoro::Task<> MergeCustomerDialog::find(QString text)
{
    QPointer<MergeCustomerDialog> guard(this);
    const quint64 generation = ++m_generation;
    CustomerQuery query;
    query.search = text;
    query.limit = ResultRows;
    const QFuture<Result<QList<CustomerSummary>>> searching = m_customers->search(m_session, query);
    const Result<QList<CustomerSummary>> found = co_await searching;
    // A later search (the clerk typed on) answers instead.
    if (!guard || generation != m_generation)
        co_return;
    m_results->clear();
    m_found.clear();
    m_mergeButton->setEnabled(false);
    if (!found) {
        m_message->showError(found.error().message);
        co_return;
    }
    m_message->clear();
    for (const CustomerSummary &row : found.value()) {
        if (row.customer.id == m_duplicate.id)
            continue;
        m_found.append(row.customer);
        QString line = nameAndEmail(row.customer);
        if (!row.customer.phone.isEmpty())
            line += u" · "_s + row.customer.phone;
        m_results->addItem(line);
    }
    if (m_found.isEmpty() && !text.trimmed().isEmpty())
        m_message->showInformation(tr("No other customer matches “%1”.").arg(text.trimmed()));
    emit resultsShown(int(m_found.size()));
}

void MergeCustomerDialog::askToMerge()
{
    const int row = m_results->currentRow();
    if (row < 0 || row >= m_found.size() || m_confirmation)
        return;
    const Customer survivor = m_found.at(row);
    m_confirmation = new QMessageBox(QMessageBox::Question, tr("Merge customers"),
                                     tr("Merge %1 into %2?").arg(nameAndEmail(m_duplicate), nameAndEmail(survivor)),
                                     QMessageBox::Cancel, this);
    m_confirmation->setObjectName(u"mergeConfirmation"_s);
    m_confirmation->setInformativeText(tr("Orders, carts, addresses and reviews of %1 move to %2, and the account "
                                          "of %1 is switched off. This cannot be undone.")
                                           .arg(m_duplicate.displayName(), survivor.displayName()));
    QPushButton *merge = m_confirmation->addButton(tr("Merge"), QMessageBox::AcceptRole);
    m_confirmation->setDefaultButton(QMessageBox::Cancel);
    m_confirmation->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_confirmation, &QMessageBox::finished, this, [this, merge, survivor] {
        const bool confirmed = m_confirmation && m_confirmation->clickedButton() == merge;
        m_confirmation = nullptr;
        if (confirmed)
            runMerge(survivor);
    });
    m_confirmation->open();
}

QCoro::Task<> MergeCustomerDialog::runMerge(Customer survivor)
{
    QPointer<MergeCustomerDialog> guard(this);
    m_mergeButton->setEnabled(false);
    m_message->clear();
    const QFuture<Result<MergeOutcome>> merging = m_customers->merge(m_session, m_duplicate.id, survivor.id);
    const Result<MergeOutcome> merged = co_await merging;
    if (!guard)
        co_return;
    if (!merged) {
        m_mergeButton->setEnabled(m_results->currentRow() >= 0);
        m_message->showError(merged.error().message);
        co_return;
    }
    m_outcome = merged.value();
    m_survivor = survivor;
    accept();
}

} // namespace sk
