#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "orders/ReturnService.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace sk {

class InlineMessage;

// A return at the register (F11): scan or type the receipt number, choose
// lines and quantities (never more than can still be returned), restock or
// write off with a reason, refund to the original tender or in cash. Shows
// the amount before and what to hand back after ReturnService::giveBack.
class ReturnDialog : public QDialog {
    Q_OBJECT

public:
    enum Column { ItemColumn, SoldColumn, ReturnColumn, DispositionColumn, WriteOffReasonColumn, ColumnCount };

    ReturnDialog(const Services &services, const Session &session, qint64 registerId, QWidget *parent = nullptr);

    QLineEdit *receiptField() const { return m_receipt; }
    QTableWidget *lines() const { return m_lines; }
    QComboBox *destinationBox() const { return m_destination; }
    QLineEdit *reasonField() const { return m_reason; }
    QPushButton *giveBackButton() const { return m_giveBack; }
    QString amountText() const;
    QString message() const;
    const std::optional<ReturnableOrder> &order() const { return m_order; }
    const std::optional<ReturnResult> &result() const { return m_result; }
    // Sets how many units of a line go back (the spin box of that row).
    bool setReturnQuantity(int row, int quantity);

signals:
    void returned(const QString &summary);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QCoro::Task<> find();
    QCoro::Task<> giveBack();
    void showOrder();
    void showAmount();
    std::optional<ReturnRequest> readRequest();

    Services m_services;
    Session m_session;
    qint64 m_registerId;
    QLineEdit *m_receipt;
    QLabel *m_orderLabel;
    QTableWidget *m_lines;
    QComboBox *m_destination;
    QLineEdit *m_reason;
    QLabel *m_amount;
    InlineMessage *m_message;
    QPushButton *m_giveBack;
    std::optional<ReturnableOrder> m_order;
    std::optional<ReturnResult> m_result;
    bool m_busy = false;
};

} // namespace sk
