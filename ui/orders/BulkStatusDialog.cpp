#include "orders/BulkStatusDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

BulkStatusDialog::BulkStatusDialog(int orderCount, QWidget *parent)
    : QDialog(parent),
      m_orderCount(orderCount),
      m_status(new QComboBox(this)),
      m_note(new QLineEdit(this)),
      m_change(new QPushButton(this))
{
    setObjectName(u"bulkStatusDialog"_s);
    setWindowTitle(orderCount == 1 ? tr("Change the status of 1 order")
                                   : tr("Change the status of %1 orders").arg(QLocale().toString(orderCount)));
    m_status->setObjectName(u"bulkStatus"_s);
    for (OrderStatus status : {OrderStatus::Confirmed, OrderStatus::Processing, OrderStatus::Delivered})
        m_status->addItem(orderStatusTitle(status), int(status));
    m_note->setObjectName(u"bulkNote"_s);
    m_note->setPlaceholderText(tr("Optional, shown in each order's timeline"));
    m_change->setObjectName(u"bulkChangeButton"_s);
    m_change->setDefault(true);
    auto *explanation = new QLabel(tr("Orders whose status may not become the new one keep theirs; the page "
                                      "lists them with the reason."),
                                   this);
    explanation->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("New &status:"), m_status);
    form->addRow(tr("&Note:"), m_note);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_change, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(explanation);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &BulkStatusDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &BulkStatusDialog::reject);
    connect(m_status, &QComboBox::currentIndexChanged, this, &BulkStatusDialog::updateButton);
    updateButton();
}

OrderStatus BulkStatusDialog::status() const
{
    return OrderStatus(m_status->currentData().toInt());
}

void BulkStatusDialog::setStatus(OrderStatus status)
{
    m_status->setCurrentIndex(std::max(0, m_status->findData(int(status))));
}

QString BulkStatusDialog::note() const
{
    return m_note->text().simplified();
}

void BulkStatusDialog::updateButton()
{
    m_change->setText(m_orderCount == 1
                          ? tr("Make 1 order “%1”").arg(orderStatusTitle(status()))
                          : tr("Make %1 orders “%2”").arg(QLocale().toString(m_orderCount), orderStatusTitle(status())));
}

} // namespace sk
