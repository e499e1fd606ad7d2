#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "customers/Customer.h"
#include "sales/SalesTypes.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <QTimer>

class QGroupBox;
class QLineEdit;
class QListWidget;

namespace sk {

class InlineMessage;

// Attaches a customer to the sale (F9): search by e-mail, phone or name
// (Up, Down and Enter pick), or create one quickly with name, e-mail and
// phone. Emits the cart as the service re-read it.
class CustomerDialog : public QDialog {
    Q_OBJECT

public:
    CustomerDialog(const Services &services, const Session &session, const Cart &cart, QWidget *parent = nullptr);

    QLineEdit *searchField() const { return m_search; }
    QListWidget *matches() const { return m_list; }
    QString message() const;

signals:
    void cartChanged(const Cart &cart);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QCoro::Task<> search();
    QCoro::Task<> attach(std::optional<qint64> customerId);
    QCoro::Task<> create();

    Services m_services;
    Session m_session;
    qint64 m_cartId;
    QLineEdit *m_search;
    QListWidget *m_list;
    QLineEdit *m_firstName;
    QLineEdit *m_lastName;
    QLineEdit *m_email;
    QLineEdit *m_phone;
    InlineMessage *m_message;
    QTimer m_delay;
    quint64 m_generation = 0;
    bool m_busy = false;
};

} // namespace sk
