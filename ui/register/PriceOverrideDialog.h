#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "sales/SalesTypes.h"

#include <QCoro/QCoroTask>
#include <QDialog>

class QLineEdit;
class QPushButton;

namespace sk {

class ApprovalBox;
class InlineMessage;

// A different unit price for the selected line (F7), with a reason; an
// administrator approves it in the same dialog when CartService asks for it.
class PriceOverrideDialog : public QDialog {
    Q_OBJECT

public:
    PriceOverrideDialog(const Services &services, const Session &session, qint64 cartId, const CartLine &line,
                        QWidget *parent = nullptr);

    QLineEdit *priceField() const { return m_price; }
    QLineEdit *reasonField() const { return m_reason; }
    ApprovalBox *approvalBox() const { return m_approval; }
    QString message() const;

signals:
    void cartChanged(const Cart &cart);

private:
    QCoro::Task<> apply(bool remove);

    Services m_services;
    Session m_session;
    qint64 m_cartId;
    qint64 m_lineId;
    QString m_currency;
    QLineEdit *m_price;
    QLineEdit *m_reason;
    ApprovalBox *m_approval;
    InlineMessage *m_message;
    bool m_busy = false;
};

} // namespace sk
