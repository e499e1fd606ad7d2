#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "sales/ShiftService.h"

#include <QCoro/QCoroTask>
#include <QDialog>

class QLineEdit;

namespace sk {

class InlineMessage;

// Opens the register's shift with the cash float counted into the drawer;
// sales need an open shift.
class OpenShiftDialog : public QDialog {
    Q_OBJECT

public:
    OpenShiftDialog(const Services &services, const Session &session, qint64 registerId, const QString &currency,
                    QWidget *parent = nullptr);

    QLineEdit *floatField() const { return m_float; }
    QString message() const;

signals:
    void opened(const Shift &shift);

private:
    QCoro::Task<> openShift();

    Services m_services;
    Session m_session;
    qint64 m_registerId;
    QString m_currency;
    QLineEdit *m_float;
    InlineMessage *m_message;
    bool m_busy = false;
};

} // namespace sk
