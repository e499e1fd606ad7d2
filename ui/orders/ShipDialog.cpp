#include "orders/ShipDialog.h"

#include "common/InlineMessage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

ShipDialog::ShipDialog(const QString &orderNumber, QWidget *parent)
    : QDialog(parent),
      m_carrier(new QComboBox(this)),
      m_tracking(new QLineEdit(this)),
      m_note(new QLineEdit(this)),
      m_message(new InlineMessage(this)),
      m_ship(new QPushButton(tr("&Ship"), this))
{
    setObjectName(u"shipDialog"_s);
    setWindowTitle(tr("Ship order %1").arg(orderNumber));
    m_carrier->setObjectName(u"shipCarrier"_s);
    m_carrier->setEditable(true);
    // Names people type anyway; any other carrier can be typed in.
    m_carrier->addItems({u"DHL"_s, u"DPD"_s, u"FedEx"_s, u"GLS"_s, u"UPS"_s, u"USPS"_s});
    m_carrier->setCurrentIndex(-1);
    m_tracking->setObjectName(u"shipTracking"_s);
    m_note->setObjectName(u"shipNote"_s);
    m_note->setPlaceholderText(tr("Optional, shown in the timeline"));
    m_ship->setObjectName(u"shipButton"_s);
    m_ship->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Carrier:"), m_carrier);
    form->addRow(tr("&Tracking number:"), m_tracking);
    form->addRow(tr("&Note:"), m_note);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_ship, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ShipDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ShipDialog::reject);
}

QString ShipDialog::carrier() const
{
    return m_carrier->currentText().simplified();
}

QString ShipDialog::trackingNumber() const
{
    return m_tracking->text().simplified();
}

QString ShipDialog::note() const
{
    return m_note->text().simplified();
}

void ShipDialog::showError(const QString &message)
{
    m_message->showError(message);
}

void ShipDialog::accept()
{
    if (carrier().isEmpty()) {
        m_message->showError(tr("Name the carrier, e.g. UPS."));
        m_carrier->setFocus();
        return;
    }
    if (trackingNumber().isEmpty()) {
        m_message->showError(tr("Type or scan the tracking number from the label."));
        m_tracking->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace sk
