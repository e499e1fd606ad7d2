#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "sales/ShiftService.h"

#include <QCoro/QCoroTask>
#include <QDialog>

class QLabel;
class QLineEdit;

namespace sk {

class InlineMessage;

// Closes the shift: the clerk counts the drawer and types the amount; the
// dialog shows what is expected and the difference as it is typed, then
// ShiftService::close keeps the Z report, which closed() carries.
class CloseShiftDialog : public QDialog {
    Q_OBJECT

public:
    CloseShiftDialog(const Services &services, const Session &session, const ShiftReport &current,
                     const QString &currency, QWidget *parent = nullptr);

    QLineEdit *countedField() const { return m_counted; }
    QLineEdit *noteField() const { return m_note; }
    QString expectedText() const;
    QString differenceText() const;
    QString message() const;

signals:
    void closed(const ShiftReport &zReport);

private:
    QCoro::Task<> closeShift();
    void showDifference();

    Services m_services;
    Session m_session;
    ShiftReport m_current;
    QString m_currency;
    QLabel *m_expected;
    QLineEdit *m_counted;
    QLabel *m_difference;
    QLineEdit *m_note;
    InlineMessage *m_message;
    bool m_busy = false;
};

} // namespace sk
