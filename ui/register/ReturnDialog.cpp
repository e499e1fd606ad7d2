#include "register/ReturnDialog.h"

#include "common/InlineMessage.h"

#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

ReturnDialog::ReturnDialog(const Services &services, const Session &session, qint64 registerId, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_registerId(registerId),
      m_receipt(new QLineEdit(this)),
      m_orderLabel(new QLabel(this)),
      m_lines(new QTableWidget(0, ColumnCount, this)),
      m_destination(new QComboBox(this)),
      m_reason(new QLineEdit(this)),
      m_amount(new QLabel(this)),
      m_message(new InlineMessage(this)),
      m_giveBack(new QPushButton(tr("&Give back"), this))
{
    setObjectName(u"returnDialog"_s);
    setWindowTitle(tr("Return"));
    m_receipt->setObjectName(u"returnReceipt"_s);
    m_receipt->setPlaceholderText(tr("Scan or type the receipt number, e.g. R1-000042, then Enter"));
    m_orderLabel->setObjectName(u"returnOrder"_s);
    m_orderLabel->setWordWrap(true);
    m_lines->setObjectName(u"returnLines"_s);
    m_lines->setHorizontalHeaderLabels({tr("Item"), tr("Sold"), tr("Return"), tr("Goods"), tr("Write-off reason")});
    m_lines->verticalHeader()->setVisible(false);
    m_lines->horizontalHeader()->setSectionResizeMode(ItemColumn, QHeaderView::Stretch);
    m_lines->setSelectionMode(QAbstractItemView::NoSelection);
    m_destination->setObjectName(u"refundDestination"_s);
    m_destination->addItem(tr("To the original tender"), int(RefundDestination::OriginalTender));
    m_destination->addItem(tr("In cash"), int(RefundDestination::Cash));
    m_reason->setObjectName(u"returnReason"_s);
    m_reason->setPlaceholderText(tr("Why, e.g. wrong size"));
    m_amount->setObjectName(u"returnAmount"_s);
    QFont big = m_amount->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_amount->setFont(big);
    m_giveBack->setObjectName(u"giveBackButton"_s);
    m_giveBack->setEnabled(false);
    m_giveBack->setAutoDefault(false);

    auto *findRow = new QHBoxLayout;
    auto *receiptLabel = new QLabel(tr("&Receipt:"), this);
    receiptLabel->setBuddy(m_receipt);
    findRow->addWidget(receiptLabel);
    findRow->addWidget(m_receipt, 1);
    auto *form = new QFormLayout;
    form->addRow(tr("Refund:"), m_destination);
    form->addRow(tr("R&eason:"), m_reason);
    form->addRow(tr("Amount:"), m_amount);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_giveBack, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(findRow);
    layout->addWidget(m_orderLabel);
    layout->addWidget(m_lines, 1);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(m_receipt, &QLineEdit::returnPressed, this, &ReturnDialog::find);
    connect(m_giveBack, &QPushButton::clicked, this, &ReturnDialog::giveBack);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(fontMetrics().horizontalAdvance(u"x"_s) * 100, fontMetrics().height() * 30);
    m_receipt->setFocus();
}

QString ReturnDialog::amountText() const
{
    return m_amount->text();
}

QString ReturnDialog::message() const
{
    return m_message->text();
}

void ReturnDialog::keyPressEvent(QKeyEvent *event)
{
    // Enter in the receipt field looks the receipt up; elsewhere it must not
    // give money back by itself.
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        if (event->modifiers() & Qt::ControlModifier)
            giveBack();
        return;
    }
    QDialog::keyPressEvent(event);
}

bool ReturnDialog::setReturnQuantity(int row, int quantity)
{
    auto *spin = qobject_cast<QSpinBox *>(m_lines->cellWidget(row, ReturnColumn));
    if (!spin || quantity < spin->minimum() || quantity > spin->maximum())
        return false;
    spin->setValue(quantity);
    return true;
}

QCoro::Task<> ReturnDialog::find()
{
    const QString number = m_receipt->text().trimmed();
    if (number.isEmpty() || m_busy)
        co_return;
    QPointer<ReturnDialog> guard(this);
    m_busy = true;
    const QFuture<Result<ReturnableOrder>> pending = m_services.returns->findByReceipt(m_session, number);
    const Result<ReturnableOrder> order = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    m_result.reset();
    if (!order) {
        m_order.reset();
        m_message->showError(order.error().message);
        showOrder();
        m_receipt->selectAll();
        co_return;
    }
    m_message->clear();
    m_order = order.value();
    showOrder();
}

void ReturnDialog::showOrder()
{
    m_lines->setRowCount(0);
    if (!m_order) {
        m_orderLabel->clear();
        showAmount();
        return;
    }
    const QLocale locale;
    m_orderLabel->setText(tr("Sale %1 of %2: %3 paid, %4 refunded so far.")
                              .arg(m_order->orderNumber,
                                   locale.toString(m_order->createdAt.toLocalTime(), QLocale::ShortFormat),
                                   m_order->paid.toString(locale), m_order->refunded.toString(locale)));
    m_lines->setRowCount(int(m_order->lines.size()));
    for (int row = 0; row < m_order->lines.size(); ++row) {
        const ReturnableLine &line = m_order->lines.at(row);
        auto *item = new QTableWidgetItem(tr("%1 (%2)").arg(line.name, line.sku));
        item->setFlags(Qt::ItemIsEnabled);
        m_lines->setItem(row, ItemColumn, item);
        auto *sold = new QTableWidgetItem(tr("%1 × %2").arg(locale.toString(line.quantity),
                                                            line.unitPrice.toString(locale)));
        sold->setFlags(Qt::ItemIsEnabled);
        m_lines->setItem(row, SoldColumn, sold);
        auto *spin = new QSpinBox(m_lines);
        spin->setRange(0, int(line.returnable()));
        spin->setSuffix(tr(" of %1").arg(line.returnable()));
        spin->setEnabled(line.returnable() > 0);
        connect(spin, &QSpinBox::valueChanged, this, &ReturnDialog::showAmount);
        m_lines->setCellWidget(row, ReturnColumn, spin);
        auto *disposition = new QComboBox(m_lines);
        disposition->addItem(tr("Back on the shelf"), int(ReturnDisposition::Restock));
        disposition->addItem(tr("Write off"), int(ReturnDisposition::WriteOff));
        m_lines->setCellWidget(row, DispositionColumn, disposition);
        auto *reason = new QLineEdit(m_lines);
        reason->setPlaceholderText(tr("e.g. broken"));
        reason->setEnabled(false);
        connect(disposition, &QComboBox::currentIndexChanged, reason,
                [reason](int index) { reason->setEnabled(index == 1); });
        m_lines->setCellWidget(row, WriteOffReasonColumn, reason);
    }
    m_lines->resizeColumnsToContents();
    m_lines->horizontalHeader()->setSectionResizeMode(ItemColumn, QHeaderView::Stretch);
    showAmount();
    if (m_lines->rowCount() > 0)
        m_lines->cellWidget(0, ReturnColumn)->setFocus();
}

void ReturnDialog::showAmount()
{
    if (!m_order) {
        m_amount->clear();
        m_giveBack->setEnabled(false);
        return;
    }
    // What the service will give back: each unit's share of the line total,
    // the last unit taking what is left of the line.
    Money amount = Money::zero(m_order->total.currency());
    qint64 units = 0;
    for (int row = 0; row < m_order->lines.size(); ++row) {
        const auto *spin = qobject_cast<QSpinBox *>(m_lines->cellWidget(row, ReturnColumn));
        const qint64 quantity = spin ? spin->value() : 0;
        if (quantity <= 0)
            continue;
        const ReturnableLine &line = m_order->lines.at(row);
        units += quantity;
        amount += quantity == line.returnable() ? line.total - line.refunded
                                                : line.total.scaled(quantity, line.quantity);
    }
    m_amount->setText(units > 0 ? amount.toString() : QString());
    m_giveBack->setEnabled(units > 0 && !m_result);
}

std::optional<ReturnRequest> ReturnDialog::readRequest()
{
    if (!m_order)
        return std::nullopt;
    ReturnRequest request;
    request.orderId = m_order->orderId;
    request.registerId = m_registerId;
    request.destination = RefundDestination(m_destination->currentData().toInt());
    request.reason = m_reason->text().trimmed();
    for (int row = 0; row < m_order->lines.size(); ++row) {
        const auto *spin = qobject_cast<QSpinBox *>(m_lines->cellWidget(row, ReturnColumn));
        if (!spin || spin->value() <= 0)
            continue;
        const auto *disposition = qobject_cast<QComboBox *>(m_lines->cellWidget(row, DispositionColumn));
        const auto *reason = qobject_cast<QLineEdit *>(m_lines->cellWidget(row, WriteOffReasonColumn));
        ReturnLineRequest line;
        line.orderItemId = m_order->lines.at(row).orderItemId;
        line.quantity = spin->value();
        line.disposition = ReturnDisposition(disposition->currentData().toInt());
        line.writeOffReason = reason->text().trimmed();
        if (line.disposition == ReturnDisposition::WriteOff && line.writeOffReason.isEmpty()) {
            m_message->showError(tr("Say why %1 is written off.").arg(m_order->lines.at(row).name));
            return std::nullopt;
        }
        request.lines.append(line);
    }
    if (request.lines.isEmpty()) {
        m_message->showError(tr("Choose how many units of which lines come back."));
        return std::nullopt;
    }
    if (request.reason.isEmpty()) {
        m_message->showError(tr("Say why the goods come back."));
        m_reason->setFocus();
        return std::nullopt;
    }
    return request;
}

QCoro::Task<> ReturnDialog::giveBack()
{
    if (m_busy || m_result)
        co_return;
    const std::optional<ReturnRequest> request = readRequest();
    if (!request)
        co_return;
    QPointer<ReturnDialog> guard(this);
    m_busy = true;
    m_giveBack->setEnabled(false);
    QCoro::Task<Result<ReturnResult>> giving = m_services.returns->giveBack(m_session, *request);
    const Result<ReturnResult> result = co_await giving;
    if (!guard)
        co_return;
    m_busy = false;
    if (!result) {
        m_message->showError(result.error().message);
        showAmount();
        co_return;
    }
    m_result = result.value();
    const QLocale locale;
    m_amount->setText(m_result->amount.toString(locale));
    const Money card = m_result->amount - m_result->cash;
    QString summary;
    if (m_result->cash.isZero())
        summary = tr("Refunded %1 to the card. Nothing to hand over.").arg(m_result->amount.toString(locale));
    else if (card.isZero())
        summary = tr("Hand back %1 in cash.").arg(m_result->cash.toString(locale));
    else
        summary = tr("Hand back %1 in cash; %2 went back to the card.")
                      .arg(m_result->cash.toString(locale), card.toString(locale));
    m_message->showInformation(summary);
    emit returned(tr("Return of %1: %2").arg(m_order->orderNumber, summary));
}

} // namespace sk
