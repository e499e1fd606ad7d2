#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "sales/SalesTypes.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <optional>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace sk {

class ApprovalBox;
class InlineMessage;

// A discount on the selected line (F6) or on the whole cart (Shift+F6): a
// percentage or an amount and a reason. When CartService says it is above
// the clerk's limit, an administrator approves it in the same dialog.
// Emits the cart as the service re-priced it.
class DiscountDialog : public QDialog {
    Q_OBJECT

public:
    // lineId empty: the cart's discount.
    DiscountDialog(const Services &services, const Session &session, const Cart &cart, std::optional<qint64> lineId,
                   const QString &currency, QWidget *parent = nullptr);

    QComboBox *kindBox() const { return m_kind; }
    QLineEdit *valueField() const { return m_value; }
    QLineEdit *reasonField() const { return m_reason; }
    ApprovalBox *approvalBox() const { return m_approval; }
    QString message() const;

signals:
    void cartChanged(const Cart &cart);

private:
    QCoro::Task<> apply(bool remove);
    std::optional<Discount> readDiscount();

    Services m_services;
    Session m_session;
    qint64 m_cartId;
    std::optional<qint64> m_lineId;
    QString m_currency;
    QComboBox *m_kind;
    QLineEdit *m_value;
    QLineEdit *m_reason;
    ApprovalBox *m_approval;
    InlineMessage *m_message;
    QPushButton *m_applyButton;
    QPushButton *m_removeButton;
    bool m_busy = false;
};

} // namespace sk
