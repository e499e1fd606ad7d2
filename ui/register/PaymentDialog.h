#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "payments/PaymentTypes.h"
#include "register/SaleReceiptPrinter.h"
#include "sales/CheckoutService.h"
#include "sales/SalesTypes.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <functional>
#include <optional>

class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace sk {

class InlineMessage;

// Takes the money for the register's cart (F12): cash with the amount
// handed over (quick amounts: exact and the next round notes above the
// due) and the change to give back, card through the payment gateway with a
// wait that can be left, or several tenders until nothing is due (taken
// payments can be voided). When nothing is due the sale is completed
// (CheckoutService::complete) and the dialog shows the change and the
// receipt number; Enter then starts the next sale.
class PaymentDialog : public QDialog {
    Q_OBJECT

public:
    // Prints or saves the receipt of a completed sale (SaleReceiptPrinter in
    // the desktop application); without one the receipt button is hidden.
    using ReceiptPrinter =
        std::function<void(QWidget *parent, const CompletedSale &sale, ReceiptDestination destination)>;

    PaymentDialog(const Services &services, const Session &session, const Cart &cart, const QString &currency,
                  QWidget *parent = nullptr);

    void setReceiptPrinter(ReceiptPrinter printer);

    QLineEdit *tenderedField() const { return m_tendered; }
    QLineEdit *cardAmountField() const { return m_cardAmount; }
    QPushButton *takeCashButton() const { return m_takeCash; }
    QPushButton *chargeCardButton() const { return m_chargeCard; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *otherTenderButton() const { return m_otherTender; }
    QPushButton *cancelWaitButton() const { return m_cancelWait; }
    QPushButton *voidButton() const { return m_void; }
    QListWidget *paymentList() const { return m_payments; }
    QList<QPushButton *> quickAmountButtons() const { return m_quickButtons; }
    QString dueText() const;
    QString changeText() const;
    QString message() const;
    bool isWaitingForCard() const { return m_waiting; }
    bool isBusy() const { return m_busy; }
    const std::optional<CompletedSale> &completedSale() const { return m_sale; }
    const Cart &cart() const { return m_cart; }

signals:
    void cartChanged(const Cart &cart);
    void saleCompleted(const CompletedSale &sale);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QCoro::Task<> takeCash();
    QCoro::Task<> chargeCard();
    QCoro::Task<> sendCard(qint64 paymentId);
    QCoro::Task<> voidSelected();
    QCoro::Task<> refresh();
    QCoro::Task<> complete();
    void showCart();
    void showQuickAmounts();
    void showDeclined(const QString &sentence, bool mayRetrySamePayment);
    void setWaiting(bool waiting);
    void setBusy(bool busy);
    std::optional<Money> readAmount(QLineEdit *field);

    Services m_services;
    Session m_session;
    Cart m_cart;
    QString m_currency;
    ReceiptPrinter m_printReceipt;
    QList<Payment> m_taken;
    QLabel *m_total;
    QLabel *m_due;
    QLabel *m_change;
    QListWidget *m_payments;
    QPushButton *m_void;
    QGroupBox *m_cashBox;
    QLineEdit *m_tendered;
    QList<QPushButton *> m_quickButtons;
    QPushButton *m_takeCash;
    QGroupBox *m_cardBox;
    QLineEdit *m_cardAmount;
    QPushButton *m_chargeCard;
    QWidget *m_waitRow;
    QPushButton *m_cancelWait;
    QWidget *m_declineRow;
    QPushButton *m_retry;
    QPushButton *m_otherTender;
    InlineMessage *m_message;
    QWidget *m_doneRow;
    QLabel *m_receipt;
    QPushButton *m_printButton;
    QPushButton *m_newSale;
    QPushButton *m_close;
    std::optional<CompletedSale> m_sale;
    qint64 m_retryPaymentId = 0;
    quint64 m_waitGeneration = 0;
    bool m_waiting = false;
    bool m_busy = false;
};

} // namespace sk
