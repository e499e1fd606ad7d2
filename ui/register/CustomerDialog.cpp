#include "register/CustomerDialog.h"

#include "common/InlineMessage.h"
#include "customers/CustomerDirectory.h"
#include "sales/CartService.h"

#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

CustomerDialog::CustomerDialog(const Services &services, const Session &session, const Cart &cart, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_cartId(cart.id),
      m_search(new QLineEdit(this)),
      m_list(new QListWidget(this)),
      m_firstName(new QLineEdit(this)),
      m_lastName(new QLineEdit(this)),
      m_email(new QLineEdit(this)),
      m_phone(new QLineEdit(this)),
      m_message(new InlineMessage(this))
{
    setObjectName(u"customerDialog"_s);
    setWindowTitle(tr("Customer"));
    m_search->setObjectName(u"customerSearch"_s);
    m_search->setPlaceholderText(tr("E-mail, phone or name"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    m_list->setObjectName(u"customerMatches"_s);
    m_firstName->setObjectName(u"customerFirstName"_s);
    m_lastName->setObjectName(u"customerLastName"_s);
    m_email->setObjectName(u"customerEmail"_s);
    m_phone->setObjectName(u"customerPhone"_s);
    // Enter in the new customer's fields creates them; the dialog's default
    // button would otherwise take it and close the dialog.
    for (QLineEdit *field : {m_firstName, m_lastName, m_email, m_phone})
        field->installEventFilter(this);

    auto *newBox = new QGroupBox(tr("New customer"), this);
    auto *form = new QFormLayout(newBox);
    form->addRow(tr("&First name:"), m_firstName);
    form->addRow(tr("&Last name:"), m_lastName);
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("&Phone:"), m_phone);
    auto *createButton = new QPushButton(tr("Create and &attach"), this);
    createButton->setAutoDefault(false);
    form->addRow(createButton);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *removeButton = buttons->addButton(tr("&No customer"), QDialogButtonBox::ResetRole);
    removeButton->setAutoDefault(false);
    removeButton->setEnabled(cart.customerId.has_value());
    buttons->addButton(QDialogButtonBox::Cancel);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(newBox);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    m_delay.setSingleShot(true);
    m_delay.setInterval(250ms);
    connect(m_search, &QLineEdit::textChanged, &m_delay, qOverload<>(&QTimer::start));
    connect(&m_delay, &QTimer::timeout, this, &CustomerDialog::search);
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { attach(item->data(Qt::UserRole).toLongLong()); });
    connect(createButton, &QPushButton::clicked, this, &CustomerDialog::create);
    connect(removeButton, &QPushButton::clicked, this, [this] { attach(std::nullopt); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(fontMetrics().horizontalAdvance(u"x"_s) * 60, fontMetrics().height() * 30);
    m_search->setFocus();
}

QString CustomerDialog::message() const
{
    return m_message->text();
}

bool CustomerDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && watched != m_search) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            create();
            return true;
        }
    }
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const int count = m_list->count();
        if (key->key() == Qt::Key_Down && count > 0) {
            m_list->setCurrentRow(std::min(m_list->currentRow() + 1, count - 1));
            return true;
        }
        if (key->key() == Qt::Key_Up && count > 0) {
            m_list->setCurrentRow(std::max(m_list->currentRow() - 1, 0));
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (QListWidgetItem *item = m_list->currentItem(); item && !m_delay.isActive())
                attach(item->data(Qt::UserRole).toLongLong());
            else
                search();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

QCoro::Task<> CustomerDialog::search()
{
    m_delay.stop();
    const QString text = m_search->text().trimmed();
    const quint64 generation = ++m_generation;
    if (text.isEmpty()) {
        m_list->clear();
        co_return;
    }
    QPointer<CustomerDialog> guard(this);
    const QFuture<Result<QList<Customer>>> pending = m_services.customers->search(m_session, text);
    const Result<QList<Customer>> customers = co_await pending;
    if (!guard || generation != m_generation)
        co_return;
    m_list->clear();
    if (!customers) {
        m_message->showError(customers.error().message);
        co_return;
    }
    m_message->clear();
    for (const Customer &customer : customers.value()) {
        auto *item = new QListWidgetItem(
            customer.phone.isEmpty() ? tr("%1 · %2").arg(customer.displayName(), customer.email)
                                     : tr("%1 · %2 · %3").arg(customer.displayName(), customer.email, customer.phone),
            m_list);
        item->setData(Qt::UserRole, customer.id);
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    else
        m_message->showInformation(tr("No customer matches “%1”. Create one below.").arg(text));
}

QCoro::Task<> CustomerDialog::attach(std::optional<qint64> customerId)
{
    if (m_busy)
        co_return;
    QPointer<CustomerDialog> guard(this);
    m_busy = true;
    const QFuture<Result<Cart>> pending = m_services.carts->attachCustomer(m_session, m_cartId, customerId);
    const Result<Cart> cart = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    if (!cart) {
        m_message->showError(cart.error().message);
        co_return;
    }
    emit cartChanged(cart.value());
    accept();
}

QCoro::Task<> CustomerDialog::create()
{
    if (m_busy)
        co_return;
    NewCustomer customer;
    customer.firstName = m_firstName->text().trimmed();
    customer.lastName = m_lastName->text().trimmed();
    customer.email = m_email->text().trimmed();
    customer.phone = m_phone->text().trimmed();
    QPointer<CustomerDialog> guard(this);
    m_busy = true;
    const QFuture<Result<Customer>> pending = m_services.customers->quickCreate(m_session, customer);
    const Result<Customer> created = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    if (!created) {
        m_message->showError(created.error().message);
        co_return;
    }
    co_await attach(created->id);
}

} // namespace sk
