#include "register/PaymentDialog.h"

#include "common/InlineMessage.h"
#include "payments/PaymentService.h"
#include "sales/CartService.h"

#include <QCoro/QCoroFuture>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include <array>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Notes a customer is likely to hand over, in major units of the currency.
constexpr std::array<qint64, 5> QuickNotes{5, 10, 20, 50, 100};

QLabel *bigLabel(QWidget *parent, const QString &objectName, qreal scale)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    font.setBold(true);
    label->setFont(font);
    return label;
}

qint64 majorUnit(const QString &currency)
{
    qint64 unit = 1;
    for (int digit = 0; digit < Money::minorUnitDigits(currency); ++digit)
        unit *= 10;
    return unit;
}

} // namespace

PaymentDialog::PaymentDialog(const Services &services, const Session &session, const Cart &cart,
                             const QString &currency, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_cart(cart),
      m_currency(currency),
      m_total(bigLabel(this, u"paymentTotal"_s, 1.6)),
      m_due(bigLabel(this, u"paymentDue"_s, 2.4)),
      m_change(bigLabel(this, u"paymentChange"_s, 2.4)),
      m_payments(new QListWidget(this)),
      m_void(new QPushButton(tr("&Void payment"), this)),
      m_cashBox(new QGroupBox(tr("Cash (F1)"), this)),
      m_tendered(new QLineEdit(this)),
      m_takeCash(new QPushButton(tr("Take &cash"), this)),
      m_cardBox(new QGroupBox(tr("Card (F3)"), this)),
      m_cardAmount(new QLineEdit(this)),
      m_chargeCard(new QPushButton(tr("Charge c&ard"), this)),
      m_waitRow(new QWidget(this)),
      m_cancelWait(new QPushButton(tr("Stop waiting"), this)),
      m_declineRow(new QWidget(this)),
      m_retry(new QPushButton(tr("&Retry"), this)),
      m_otherTender(new QPushButton(tr("&Other tender"), this)),
      m_message(new InlineMessage(this)),
      m_doneRow(new QWidget(this)),
      m_receipt(bigLabel(this, u"receiptNumber"_s, 1.4)),
      m_printButton(new QPushButton(tr("&Receipt"), this)),
      m_newSale(new QPushButton(tr("&New sale"), this)),
      m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(u"paymentDialog"_s);
    setWindowTitle(tr("Payment"));
    m_payments->setObjectName(u"takenPayments"_s);
    m_payments->setAccessibleName(tr("Payments taken"));
    m_payments->setMaximumHeight(fontMetrics().height() * 6);
    m_void->setObjectName(u"voidPaymentButton"_s);
    m_tendered->setObjectName(u"cashTendered"_s);
    m_tendered->setPlaceholderText(tr("Amount handed over"));
    m_takeCash->setObjectName(u"takeCashButton"_s);
    m_cardAmount->setObjectName(u"cardAmount"_s);
    m_chargeCard->setObjectName(u"chargeCardButton"_s);
    m_cancelWait->setObjectName(u"cancelCardWaitButton"_s);
    m_retry->setObjectName(u"retryCardButton"_s);
    m_otherTender->setObjectName(u"otherTenderButton"_s);
    m_message->setObjectName(u"paymentMessage"_s);
    m_newSale->setObjectName(u"newSaleButton"_s);
    m_printButton->setObjectName(u"printReceiptButton"_s);
    for (QPushButton *button : {m_void, m_takeCash, m_chargeCard, m_cancelWait, m_retry, m_otherTender,
                                m_printButton, m_close})
        button->setAutoDefault(false);

    auto *totals = new QGridLayout;
    totals->addWidget(new QLabel(tr("Total"), this), 0, 0);
    totals->addWidget(m_total, 0, 1, Qt::AlignRight);
    totals->addWidget(new QLabel(tr("Due"), this), 1, 0);
    totals->addWidget(m_due, 1, 1, Qt::AlignRight);
    totals->addWidget(new QLabel(tr("Change"), this), 2, 0);
    totals->addWidget(m_change, 2, 1, Qt::AlignRight);

    auto *takenRow = new QHBoxLayout;
    takenRow->addWidget(m_payments, 1);
    takenRow->addWidget(m_void, 0, Qt::AlignTop);

    auto *cashLayout = new QVBoxLayout(m_cashBox);
    auto *tenderedRow = new QHBoxLayout;
    tenderedRow->addWidget(m_tendered, 1);
    tenderedRow->addWidget(m_takeCash);
    cashLayout->addLayout(tenderedRow);
    auto *quickRow = new QHBoxLayout;
    for (int i = 0; i < int(QuickNotes.size()) + 1; ++i) {
        auto *button = new QPushButton(this);
        button->setObjectName(u"quickAmount%1"_s.arg(i));
        button->setAutoDefault(false);
        connect(button, &QPushButton::clicked, this, [this, button] {
            m_tendered->setText(button->property("amount").toString());
            takeCash();
        });
        m_quickButtons.append(button);
        quickRow->addWidget(button);
    }
    quickRow->addStretch(1);
    cashLayout->addLayout(quickRow);

    auto *cardLayout = new QHBoxLayout(m_cardBox);
    cardLayout->addWidget(new QLabel(tr("Amount:"), this));
    cardLayout->addWidget(m_cardAmount, 1);
    cardLayout->addWidget(m_chargeCard);

    auto *waitLayout = new QHBoxLayout(m_waitRow);
    waitLayout->setContentsMargins(0, 0, 0, 0);
    auto *waitLabel = new QLabel(tr("Waiting for the card terminal…"), this);
    waitLabel->setObjectName(u"cardWaitLabel"_s);
    waitLayout->addWidget(waitLabel, 1);
    waitLayout->addWidget(m_cancelWait);
    m_waitRow->setVisible(false);

    auto *declineLayout = new QHBoxLayout(m_declineRow);
    declineLayout->setContentsMargins(0, 0, 0, 0);
    declineLayout->addStretch(1);
    declineLayout->addWidget(m_retry);
    declineLayout->addWidget(m_otherTender);
    m_declineRow->setVisible(false);

    auto *doneLayout = new QHBoxLayout(m_doneRow);
    doneLayout->setContentsMargins(0, 0, 0, 0);
    doneLayout->addWidget(m_receipt, 1);
    doneLayout->addWidget(m_printButton);
    doneLayout->addWidget(m_newSale);
    m_doneRow->setVisible(false);
    m_printButton->setVisible(false);

    auto *closeRow = new QHBoxLayout;
    closeRow->addStretch(1);
    closeRow->addWidget(m_close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(totals);
    layout->addLayout(takenRow);
    layout->addWidget(m_cashBox);
    layout->addWidget(m_cardBox);
    layout->addWidget(m_waitRow);
    layout->addWidget(m_message);
    layout->addWidget(m_declineRow);
    layout->addWidget(m_doneRow);
    layout->addLayout(closeRow);

    connect(m_takeCash, &QPushButton::clicked, this, &PaymentDialog::takeCash);
    connect(m_tendered, &QLineEdit::returnPressed, this, &PaymentDialog::takeCash);
    connect(m_chargeCard, &QPushButton::clicked, this, &PaymentDialog::chargeCard);
    connect(m_cardAmount, &QLineEdit::returnPressed, this, &PaymentDialog::chargeCard);
    connect(m_void, &QPushButton::clicked, this, &PaymentDialog::voidSelected);
    connect(m_cancelWait, &QPushButton::clicked, this, [this] {
        // The terminal may still approve: the answer is recorded when it
        // comes, and the list of payments then shows it.
        ++m_waitGeneration;
        setWaiting(false);
        m_message->showInformation(tr("No longer waiting. If the card terminal approves, the payment appears here."));
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        m_declineRow->setVisible(false);
        if (m_retryPaymentId != 0)
            sendCard(m_retryPaymentId);
        else
            chargeCard();
    });
    connect(m_otherTender, &QPushButton::clicked, this, [this] {
        m_declineRow->setVisible(false);
        m_message->clear();
        m_tendered->setFocus();
    });
    auto *receiptMenu = new QMenu(m_printButton);
    const auto addDestination = [this, receiptMenu](const QString &text, ReceiptDestination destination) {
        receiptMenu->addAction(text, this, [this, destination] {
            if (m_printReceipt && m_sale)
                m_printReceipt(this, *m_sale, destination);
        });
    };
    addDestination(tr("&Print…"), ReceiptDestination::PrintDialog);
    addDestination(tr("Save as P&DF…"), ReceiptDestination::Pdf);
    addDestination(tr("&Receipt printer"), ReceiptDestination::ReceiptPrinter);
    m_printButton->setMenu(receiptMenu);
    connect(m_newSale, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_close, &QPushButton::clicked, this, [this] { m_sale ? accept() : reject(); });

    showCart();
    m_tendered->setFocus();
    refresh();
}

void PaymentDialog::setReceiptPrinter(ReceiptPrinter printer)
{
    m_printReceipt = std::move(printer);
    m_printButton->setVisible(m_printReceipt && m_sale);
}

QString PaymentDialog::dueText() const
{
    return m_due->text();
}

QString PaymentDialog::changeText() const
{
    return m_change->text();
}

QString PaymentDialog::message() const
{
    return m_message->text();
}

void PaymentDialog::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_F1:
        m_tendered->setFocus();
        m_tendered->selectAll();
        return;
    case Qt::Key_F3:
        m_cardAmount->setFocus();
        m_cardAmount->selectAll();
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_sale) {
            accept();
            return;
        }
        // Enter never completes anything by itself: only the fields do.
        return;
    default: break;
    }
    QDialog::keyPressEvent(event);
}

void PaymentDialog::showCart()
{
    const QLocale locale;
    const Money total = m_cart.priced.total.isValid() ? m_cart.priced.total : Money::zero(m_currency);
    const Money due = m_cart.due.isValid() ? m_cart.due : total;
    m_total->setText(total.toString(locale));
    m_due->setText(due.toString(locale));
    if (m_cardAmount->text().isEmpty() || !m_cardAmount->hasFocus())
        m_cardAmount->setText(due.toString(locale));
    showQuickAmounts();
}

void PaymentDialog::showQuickAmounts()
{
    const QLocale locale;
    const Money due = m_cart.due.isValid() ? m_cart.due : Money::zero(m_currency);
    QList<Money> amounts{due};
    const qint64 unit = majorUnit(m_currency);
    for (const qint64 note : QuickNotes) {
        const qint64 step = note * unit;
        const qint64 above = (due.minorUnits() / step + 1) * step;
        const Money amount(above, m_currency);
        if (!amounts.contains(amount))
            amounts.append(amount);
    }
    for (int i = 0; i < m_quickButtons.size(); ++i) {
        QPushButton *button = m_quickButtons.at(i);
        const bool shown = i < amounts.size() && !due.isZero();
        button->setVisible(shown);
        if (!shown)
            continue;
        const QString text = amounts.at(i).toString(locale);
        button->setText(i == 0 ? tr("Exact %1").arg(text) : text);
        button->setProperty("amount", text);
    }
}

void PaymentDialog::setWaiting(bool waiting)
{
    m_waiting = waiting;
    m_waitRow->setVisible(waiting);
    m_cashBox->setEnabled(!waiting && !m_sale);
    m_cardBox->setEnabled(!waiting && !m_sale);
    if (waiting)
        m_cancelWait->setFocus();
}

void PaymentDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_takeCash->setEnabled(!busy);
    m_chargeCard->setEnabled(!busy);
    m_void->setEnabled(!busy);
}

std::optional<Money> PaymentDialog::readAmount(QLineEdit *field)
{
    const std::optional<Money> amount = Money::parse(field->text().trimmed(), m_currency);
    if (!amount || amount->minorUnits() <= 0) {
        m_message->showError(tr("Type an amount above zero, e.g. 20 or 12.50."));
        field->setFocus();
        field->selectAll();
        return std::nullopt;
    }
    return amount;
}

void PaymentDialog::showDeclined(const QString &sentence, bool mayRetrySamePayment)
{
    m_message->showError(sentence);
    m_declineRow->setVisible(true);
    if (!mayRetrySamePayment)
        m_retryPaymentId = 0;
    m_retry->setFocus();
}

QCoro::Task<> PaymentDialog::takeCash()
{
    if (m_busy || m_waiting || m_sale)
        co_return;
    const std::optional<Money> tendered = readAmount(m_tendered);
    if (!tendered)
        co_return;
    QPointer<PaymentDialog> guard(this);
    setBusy(true);
    m_message->clear();
    m_declineRow->setVisible(false);
    const QFuture<Result<Payment>> pending = m_services.payments->addCash(m_session, m_cart.id, *tendered);
    const Result<Payment> payment = co_await pending;
    if (!guard)
        co_return;
    setBusy(false);
    if (!payment) {
        m_message->showError(payment.error().message);
        co_return;
    }
    m_change->setText(payment->change.toString());
    m_tendered->clear();
    co_await refresh();
}

QCoro::Task<> PaymentDialog::chargeCard()
{
    if (m_busy || m_waiting || m_sale)
        co_return;
    const std::optional<Money> amount = readAmount(m_cardAmount);
    if (!amount)
        co_return;
    QPointer<PaymentDialog> guard(this);
    setBusy(true);
    m_message->clear();
    m_declineRow->setVisible(false);
    // The payment row and its idempotency key are written before the
    // gateway is asked, so a crash in between never charges twice.
    const QFuture<Result<Payment>> pending = m_services.payments->beginCard(m_session, m_cart.id, *amount);
    const Result<Payment> begun = co_await pending;
    if (!guard)
        co_return;
    setBusy(false);
    if (!begun) {
        m_message->showError(begun.error().message);
        co_return;
    }
    co_await sendCard(begun->id);
}

QCoro::Task<> PaymentDialog::sendCard(qint64 paymentId)
{
    QPointer<PaymentDialog> guard(this);
    const quint64 generation = ++m_waitGeneration;
    m_retryPaymentId = paymentId;
    m_message->clear();
    setWaiting(true);
    QCoro::Task<Result<Payment>> charging = m_services.payments->chargeCard(m_session, paymentId);
    const Result<Payment> charged = co_await charging;
    if (!guard)
        co_return;
    const bool stillWaiting = generation == m_waitGeneration;
    if (stillWaiting)
        setWaiting(false);
    if (!charged) {
        // Declined is final (a retry is a new payment); no answer in time or
        // no gateway: the same payment, with the same key, is tried again.
        if (stillWaiting)
            showDeclined(charged.error().message, charged.error().code == ErrorCode::Unavailable);
    } else if (charged->status == PaymentStatus::Failed) {
        if (stillWaiting)
            showDeclined(charged->failureMessage.isEmpty() ? tr("The card was declined. Ask for another card or "
                                                                "take another tender.")
                                                           : charged->failureMessage,
                         false);
    } else if (charged->status == PaymentStatus::Pending) {
        if (stillWaiting)
            showDeclined(tr("The card terminal has not answered yet. Retry to ask again, or take another tender."),
                         true);
    } else {
        m_retryPaymentId = 0;
    }
    co_await refresh();
}

QCoro::Task<> PaymentDialog::voidSelected()
{
    const int row = m_payments->currentRow();
    if (m_busy || m_sale || row < 0 || row >= m_taken.size())
        co_return;
    QPointer<PaymentDialog> guard(this);
    setBusy(true);
    QCoro::Task<Status> voiding = m_services.payments->voidPayment(m_session, m_taken.at(row).id);
    const Status voided = co_await voiding;
    if (!guard)
        co_return;
    setBusy(false);
    if (!voided)
        m_message->showError(voided.error().message);
    else
        m_message->showInformation(tr("The payment was voided; give the money back if it was cash."));
    co_await refresh();
}

QCoro::Task<> PaymentDialog::refresh()
{
    QPointer<PaymentDialog> guard(this);
    const QFuture<Result<Cart>> pendingCart = m_services.carts->cart(m_session, m_cart.id);
    const Result<Cart> cart = co_await pendingCart;
    if (!guard)
        co_return;
    if (!cart) {
        m_message->showError(cart.error().message);
        co_return;
    }
    m_cart = cart.value();
    emit cartChanged(m_cart);
    const QFuture<Result<QList<Payment>>> pendingPayments =
        m_services.payments->paymentsForCart(m_session, m_cart.id);
    const Result<QList<Payment>> payments = co_await pendingPayments;
    if (!guard)
        co_return;
    m_payments->clear();
    m_taken.clear();
    if (payments) {
        const QLocale locale;
        for (const Payment &payment : payments.value()) {
            if (payment.status != PaymentStatus::Completed)
                continue;
            m_taken.append(payment);
            QString text = tr("%1 %2").arg(tenderTitle(payment.tender), payment.amount.toString(locale));
            if (!payment.cardLast4.isEmpty())
                text = tr("%1 (%2 ···· %3)").arg(text, payment.cardBrand, payment.cardLast4);
            m_payments->addItem(text);
        }
        if (!m_taken.isEmpty())
            m_payments->setCurrentRow(int(m_taken.size()) - 1);
    }
    m_void->setEnabled(!m_taken.isEmpty() && !m_busy);
    showCart();
    if (!m_taken.isEmpty() && m_cart.due.isValid() && m_cart.due.isZero() && !m_cart.isEmpty())
        co_await complete();
}

QCoro::Task<> PaymentDialog::complete()
{
    if (m_sale || m_busy)
        co_return;
    QPointer<PaymentDialog> guard(this);
    setBusy(true);
    const QFuture<Result<CompletedSale>> pending = m_services.checkout->complete(m_session, m_cart.id);
    const Result<CompletedSale> sale = co_await pending;
    if (!guard)
        co_return;
    setBusy(false);
    if (!sale) {
        m_message->showError(sale.error().message);
        co_return;
    }
    m_sale = sale.value();
    const QLocale locale;
    m_change->setText(m_sale->change.toString(locale));
    m_due->setText(Money::zero(m_currency).toString(locale));
    m_receipt->setText(tr("Receipt %1").arg(m_sale->orderNumber));
    m_message->showInformation(m_sale->change.isZero()
                                   ? tr("Paid in full. Enter starts the next sale.")
                                   : tr("Give back %1 in change. Enter starts the next sale.")
                                         .arg(m_sale->change.toString(locale)));
    m_doneRow->setVisible(true);
    m_printButton->setVisible(bool(m_printReceipt));
    m_cashBox->setEnabled(false);
    m_cardBox->setEnabled(false);
    m_void->setEnabled(false);
    m_newSale->setDefault(true);
    m_newSale->setFocus();
    emit saleCompleted(*m_sale);
}

} // namespace sk
