#include "customers/CustomerEditDialog.h"

#include "common/InlineMessage.h"
#include "customers/CustomerService.h"

#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

CustomerEditDialog::CustomerEditDialog(std::shared_ptr<CustomerService> customers, const Session &session,
                                       const CustomerProfile &profile, QWidget *parent)
    : QDialog(parent),
      m_customers(std::move(customers)),
      m_session(session),
      m_customerId(profile.customer.id),
      m_firstName(new QLineEdit(profile.customer.firstName, this)),
      m_lastName(new QLineEdit(profile.customer.lastName, this)),
      m_email(new QLineEdit(profile.customer.email, this)),
      m_phone(new QLineEdit(profile.customer.phone, this)),
      m_addresses(new QTableWidget(0, AddressColumnCount, this)),
      m_message(new InlineMessage(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"customerEditDialog"_s);
    setWindowTitle(tr("Edit %1").arg(profile.customer.displayName()));
    m_firstName->setObjectName(u"firstName"_s);
    m_lastName->setObjectName(u"lastName"_s);
    m_email->setObjectName(u"email"_s);
    m_phone->setObjectName(u"phone"_s);
    auto *form = new QFormLayout;
    form->addRow(tr("&First name:"), m_firstName);
    form->addRow(tr("&Last name:"), m_lastName);
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("&Phone:"), m_phone);

    m_addresses->setObjectName(u"addressTable"_s);
    m_addresses->setHorizontalHeaderLabels({tr("Type"), tr("Default"), tr("Street"), tr("City"), tr("State"),
                                            tr("Postal code"), tr("Country")});
    m_addresses->verticalHeader()->setVisible(false);
    m_addresses->horizontalHeader()->setSectionResizeMode(StreetColumn, QHeaderView::Stretch);
    m_addresses->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_addresses->setAccessibleName(tr("Addresses"));
    for (const CustomerAddress &address : profile.addresses)
        appendAddressRow(address);
    auto *add = new QPushButton(tr("&Add address"), this);
    auto *remove = new QPushButton(tr("&Remove address"), this);
    add->setObjectName(u"addAddressButton"_s);
    remove->setObjectName(u"removeAddressButton"_s);
    for (QPushButton *button : {add, remove})
        button->setAutoDefault(false);
    connect(add, &QPushButton::clicked, this, &CustomerEditDialog::addAddress);
    connect(remove, &QPushButton::clicked, this, &CustomerEditDialog::removeAddress);
    auto *addressButtons = new QHBoxLayout;
    addressButtons->addWidget(add);
    addressButtons->addWidget(remove);
    addressButtons->addStretch(1);

    m_message->setObjectName(u"customerEditMessage"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CustomerEditDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_addresses, 1);
    layout->addLayout(addressButtons);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    resize(860, 460);
}

void CustomerEditDialog::appendAddressRow(const CustomerAddress &address)
{
    const int row = m_addresses->rowCount();
    m_addresses->insertRow(row);
    auto *type = new QComboBox(m_addresses);
    type->addItem(tr("Shipping"), addressTypeName(AddressType::Shipping));
    type->addItem(tr("Billing"), addressTypeName(AddressType::Billing));
    type->setCurrentIndex(address.type == AddressType::Billing ? 1 : 0);
    m_addresses->setCellWidget(row, TypeColumn, type);
    auto *isDefault = new QTableWidgetItem;
    isDefault->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    isDefault->setCheckState(address.isDefault ? Qt::Checked : Qt::Unchecked);
    isDefault->setData(Qt::UserRole, address.id);
    m_addresses->setItem(row, DefaultColumn, isDefault);
    const QStringList texts{address.streetAddress, address.city, address.state, address.postalCode, address.country};
    for (int i = 0; i < texts.size(); ++i)
        m_addresses->setItem(row, StreetColumn + i, new QTableWidgetItem(texts[i]));
}

void CustomerEditDialog::addAddress()
{
    CustomerAddress fresh;
    fresh.isDefault = m_addresses->rowCount() == 0;
    appendAddressRow(fresh);
    m_addresses->setCurrentCell(m_addresses->rowCount() - 1, StreetColumn);
    m_addresses->editItem(m_addresses->item(m_addresses->rowCount() - 1, StreetColumn));
}

void CustomerEditDialog::removeAddress()
{
    const int row = m_addresses->currentRow();
    if (row >= 0)
        m_addresses->removeRow(row);
}

CustomerEdit CustomerEditDialog::edit() const
{
    CustomerEdit edit;
    edit.customerId = m_customerId;
    edit.firstName = m_firstName->text();
    edit.lastName = m_lastName->text();
    edit.email = m_email->text();
    edit.phone = m_phone->text();
    for (int row = 0; row < m_addresses->rowCount(); ++row) {
        CustomerAddress address;
        const auto *type = qobject_cast<QComboBox *>(m_addresses->cellWidget(row, TypeColumn));
        address.type = addressTypeFromName(type ? type->currentData().toString() : QString())
                           .value_or(AddressType::Shipping);
        const QTableWidgetItem *isDefault = m_addresses->item(row, DefaultColumn);
        address.isDefault = isDefault && isDefault->checkState() == Qt::Checked;
        address.id = isDefault ? isDefault->data(Qt::UserRole).toLongLong() : 0;
        const auto text = [this, row](int column) {
            const QTableWidgetItem *item = m_addresses->item(row, column);
            return item ? item->text() : QString();
        };
        address.streetAddress = text(StreetColumn);
        address.city = text(CityColumn);
        address.state = text(StateColumn);
        address.postalCode = text(PostalCodeColumn);
        address.country = text(CountryColumn);
        edit.addresses.append(address);
    }
    return edit;
}

QString CustomerEditDialog::message() const
{
    return m_message->text();
}

void CustomerEditDialog::save()
{
    saveEdit(edit());
}

QCoro::Task<> CustomerEditDialog::saveEdit(CustomerEdit edit)
{
    QPointer<CustomerEditDialog> guard(this);
    m_message->clear();
    m_buttons->setEnabled(false);
    const QFuture<Result<CustomerProfile>> saving = m_customers->update(m_session, edit);
    const Result<CustomerProfile> saved = co_await saving;
    if (!guard)
        co_return;
    m_buttons->setEnabled(true);
    if (!saved) {
        m_message->showError(saved.error().message);
        co_return;
    }
    m_saved = saved.value();
    accept();
}

} // namespace sk
