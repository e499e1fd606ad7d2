#pragma once

#include "Services.h"
#include "auth/Session.h"

#include <QCoro/QCoroTask>
#include <QDialog>

class QComboBox;
class QLineEdit;

namespace sk {

class InlineMessage;

// Cash put into the drawer or taken out of it during a shift (change from
// the bank, a supplier paid from the till), with the reason.
class CashMovementDialog : public QDialog {
    Q_OBJECT

public:
    CashMovementDialog(const Services &services, const Session &session, qint64 shiftId, const QString &currency,
                       QWidget *parent = nullptr);

    QComboBox *directionBox() const { return m_direction; }
    QLineEdit *amountField() const { return m_amount; }
    QLineEdit *reasonField() const { return m_reason; }
    QString message() const;

signals:
    void moved(const QString &summary);

private:
    QCoro::Task<> post();

    Services m_services;
    Session m_session;
    qint64 m_shiftId;
    QString m_currency;
    QComboBox *m_direction;
    QLineEdit *m_amount;
    QLineEdit *m_reason;
    InlineMessage *m_message;
    bool m_busy = false;
};

} // namespace sk
