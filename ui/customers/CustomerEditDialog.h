#pragma once

#include "auth/Session.h"
#include "customers/CustomerTypes.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <memory>

class QDialogButtonBox;
class QLineEdit;
class QTableWidget;

namespace sk {

class CustomerService;
class InlineMessage;

// A customer's name, e-mail, phone and addresses. Save sends it all to
// CustomerService::update; its sentence (a missing city, two defaults, a
// taken e-mail address) stays in the dialog and nothing is written.
class CustomerEditDialog : public QDialog {
    Q_OBJECT

public:
    enum AddressColumn { TypeColumn, DefaultColumn, StreetColumn, CityColumn, StateColumn, PostalCodeColumn,
                         CountryColumn, AddressColumnCount };

    CustomerEditDialog(std::shared_ptr<CustomerService> customers, const Session &session,
                       const CustomerProfile &profile, QWidget *parent = nullptr);

    const CustomerProfile &savedProfile() const { return m_saved; }
    QString message() const;
    QTableWidget *addressTable() const { return m_addresses; }
    CustomerEdit edit() const;

public slots:
    void addAddress();
    void removeAddress();
    void save();

private:
    void appendAddressRow(const CustomerAddress &address);
    QCoro::Task<> saveEdit(CustomerEdit edit);

    std::shared_ptr<CustomerService> m_customers;
    Session m_session;
    qint64 m_customerId;
    QLineEdit *m_firstName;
    QLineEdit *m_lastName;
    QLineEdit *m_email;
    QLineEdit *m_phone;
    QTableWidget *m_addresses;
    InlineMessage *m_message;
    QDialogButtonBox *m_buttons;
    CustomerProfile m_saved;
};

} // namespace sk
