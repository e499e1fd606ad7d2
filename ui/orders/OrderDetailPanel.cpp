#include "orders/OrderDetailPanel.h"

#include "payments/PaymentTypes.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QTableWidget *makeTable(QWidget *parent, const QString &name, const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(name);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->setVisible(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    // Every column as wide as its text (a narrow panel scrolls sideways
    // rather than cutting item names); the last one takes what is left.
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

void setCell(QTableWidget *table, int row, int column, const QString &text, bool number = false)
{
    auto *item = new QTableWidgetItem(text);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table->setItem(row, column, item);
}

QString when(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString tenderText(const QString &name)
{
    const std::optional<Tender> tender = tenderFromName(name);
    return tender ? tenderTitle(*tender) : name;
}

QString paymentStatusText(const QString &name)
{
    if (name == u"pending"_s)
        return QCoreApplication::translate("OrderDetailPanel", "Pending");
    if (name == u"completed"_s)
        return QCoreApplication::translate("OrderDetailPanel", "Completed");
    if (name == u"failed"_s)
        return QCoreApplication::translate("OrderDetailPanel", "Failed");
    if (name == u"refunded"_s)
        return QCoreApplication::translate("OrderDetailPanel", "Refunded");
    if (name == u"voided"_s)
        return QCoreApplication::translate("OrderDetailPanel", "Voided");
    return name;
}

} // namespace

OrderDetailPanel::OrderDetailPanel(bool mayManage, QWidget *parent)
    : QWidget(parent),
      m_mayManage(mayManage),
      m_heading(new QLabel(this)),
      m_meta(new QLabel(this)),
      m_totals(new QLabel(this)),
      m_buttonRow(new QWidget(this)),
      m_confirm(new QPushButton(tr("Con&firm"), m_buttonRow)),
      m_process(new QPushButton(tr("Start &processing"), m_buttonRow)),
      m_ship(new QPushButton(tr("S&hip…"), m_buttonRow)),
      m_deliver(new QPushButton(tr("Mark &delivered"), m_buttonRow)),
      m_cancel(new QPushButton(tr("Ca&ncel order…"), m_buttonRow)),
      m_refund(new QPushButton(tr("&Refund lines…"), m_buttonRow)),
      m_tabs(new QTabWidget(this)),
      m_lines(makeTable(this, u"orderLines"_s,
                        {tr("Item"), tr("SKU"), tr("Qty"), tr("Returned"), tr("Unit price"), tr("Discount"),
                         tr("Tax"), tr("Total")})),
      m_payments(makeTable(this, u"orderPayments"_s,
                           {tr("Tender"), tr("Status"), tr("Amount"), tr("Refunded"), tr("Card"), tr("When")})),
      m_refunds(makeTable(this, u"orderRefunds"_s,
                          {tr("When"), tr("Tender"), tr("Status"), tr("Amount"), tr("Lines"), tr("Reason"), tr("By")})),
      m_timeline(makeTable(this, u"orderTimeline"_s, {tr("When"), tr("Status"), tr("By"), tr("Note")})),
      m_addresses(new QLabel(this))
{
    setObjectName(u"orderDetailPanel"_s);
    m_heading->setObjectName(u"orderHeading"_s);
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_heading->setFont(big);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_meta->setObjectName(u"orderMeta"_s);
    m_meta->setWordWrap(true);
    m_totals->setObjectName(u"orderTotals"_s);
    m_totals->setWordWrap(true);
    m_addresses->setObjectName(u"orderAddresses"_s);
    m_addresses->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_addresses->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_addresses->setMargin(8);

    m_confirm->setObjectName(u"confirmOrderButton"_s);
    m_process->setObjectName(u"processOrderButton"_s);
    m_ship->setObjectName(u"shipOrderButton"_s);
    m_deliver->setObjectName(u"deliverOrderButton"_s);
    m_cancel->setObjectName(u"cancelOrderButton"_s);
    m_refund->setObjectName(u"refundLinesButton"_s);
    m_ship->setToolTip(tr("Records the carrier and tracking number; the reserved stock leaves the shop."));
    m_cancel->setToolTip(tr("Releases the reserved stock and refunds what was paid."));
    m_refund->setToolTip(tr("Gives lines back, restocked or written off, to the original payment."));
    auto *buttons = new QHBoxLayout(m_buttonRow);
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *button : {m_confirm, m_process, m_ship, m_deliver, m_cancel, m_refund}) {
        button->setAutoDefault(false);
        button->setVisible(false);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    m_buttonRow->setVisible(m_mayManage);

    m_tabs->setObjectName(u"orderTabs"_s);
    m_tabs->addTab(m_lines, tr("&Lines"));
    m_tabs->addTab(m_payments, tr("Pa&yments"));
    m_tabs->addTab(m_refunds, tr("Re&funds"));
    m_tabs->addTab(m_timeline, tr("&Timeline"));
    m_tabs->addTab(m_addresses, tr("Addr&esses"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_meta);
    layout->addWidget(m_buttonRow);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_totals);

    connect(m_confirm, &QPushButton::clicked, this, [this] { emit statusChangeRequested(OrderStatus::Confirmed); });
    connect(m_process, &QPushButton::clicked, this, [this] { emit statusChangeRequested(OrderStatus::Processing); });
    connect(m_deliver, &QPushButton::clicked, this, [this] { emit statusChangeRequested(OrderStatus::Delivered); });
    connect(m_ship, &QPushButton::clicked, this, &OrderDetailPanel::shipRequested);
    connect(m_cancel, &QPushButton::clicked, this, &OrderDetailPanel::cancelRequested);
    connect(m_refund, &QPushButton::clicked, this, &OrderDetailPanel::refundRequested);
    clear();
}

QString OrderDetailPanel::headingText() const
{
    return m_heading->text();
}

QList<QPushButton *> OrderDetailPanel::statusButtons() const
{
    QList<QPushButton *> shown;
    for (QPushButton *button : {m_confirm, m_process, m_ship, m_deliver, m_cancel})
        if (!button->isHidden())
            shown.append(button);
    return shown;
}

void OrderDetailPanel::clear()
{
    m_order.reset();
    m_loadingId = 0;
    m_heading->setText(tr("No order chosen"));
    m_meta->setText(tr("Choose an order in the list (Enter shows it here)."));
    m_totals->clear();
    for (QTableWidget *table : {m_lines, m_payments, m_refunds, m_timeline})
        table->setRowCount(0);
    m_addresses->clear();
    for (QPushButton *button : {m_confirm, m_process, m_ship, m_deliver, m_cancel, m_refund})
        button->setVisible(false);
}

void OrderDetailPanel::showLoading(qint64 orderId)
{
    m_loadingId = orderId;
    if (m_order && m_order->header.id == orderId)
        return;
    m_meta->setText(tr("Loading…"));
}

void OrderDetailPanel::showProblem(const QString &message)
{
    clear();
    m_meta->setText(message);
}

void OrderDetailPanel::showOrder(const OrderDetail &order)
{
    m_order = order;
    m_loadingId = 0;
    const OrderRow &h = order.header;
    m_heading->setText(tr("Order %1 · %2").arg(h.orderNumber, orderStatusTitle(h.status)));
    QStringList meta;
    meta << when(h.createdAt) << orderChannelTitle(h.channel);
    if (!h.customerName.isEmpty() || !h.customerEmail.isEmpty())
        meta << tr("Customer: %1").arg(h.customerName.isEmpty() ? h.customerEmail
                                                                : u"%1 <%2>"_s.arg(h.customerName, h.customerEmail));
    else
        meta << tr("No customer");
    // Who rang up a sale is the shop's business, not the vendor's.
    if (!h.clerkName.isEmpty() && !order.vendorScoped)
        meta << tr("Clerk: %1").arg(h.clerkName);
    if (!order.registerName.isEmpty() && !order.vendorScoped)
        meta << order.registerName;
    if (!order.trackingNumber.isEmpty())
        meta << tr("Shipped with %1, tracking %2").arg(order.trackingCarrier, order.trackingNumber);
    m_meta->setText(meta.join(u" · "_s));

    QString totals = tr("Subtotal %1 · Discount %2 · Tax %3")
                         .arg(order.subtotal.toString(), order.discount.toString(), order.tax.toString());
    if (!order.vendorScoped)
        totals += tr(" · Shipping %1").arg(order.shipping.toString());
    totals += tr(" · Total %1").arg(h.total.toString());
    if (!order.vendorScoped)
        totals += tr(" · Paid %1").arg(h.paid.toString());
    if (!h.refunded.isZero())
        totals += tr(" · Refunded %1").arg(h.refunded.toString());
    if (order.vendorScoped)
        totals += u"\n"_s + tr("Only the lines of your own products are shown.");
    m_totals->setText(totals);

    fillLines(order);
    fillPayments(order);
    fillRefunds(order);
    fillTimeline(order);
    fillAddresses(order);
    fillButtons(order);
    m_tabs->setTabVisible(PaymentsTab, !order.vendorScoped);
}

void OrderDetailPanel::fillLines(const OrderDetail &order)
{
    m_lines->setRowCount(int(order.lines.size()));
    const QLocale locale;
    for (int row = 0; row < order.lines.size(); ++row) {
        const OrderDetailLine &line = order.lines.at(row);
        setCell(m_lines, row, 0, line.name);
        setCell(m_lines, row, 1, line.sku);
        setCell(m_lines, row, 2, locale.toString(line.quantity), true);
        setCell(m_lines, row, 3, line.refundedQuantity > 0 ? locale.toString(line.refundedQuantity) : QString(), true);
        setCell(m_lines, row, 4, line.unitPrice.toString(), true);
        setCell(m_lines, row, 5, line.discount.isZero() ? QString() : line.discount.toString(), true);
        setCell(m_lines, row, 6, line.tax.toString(), true);
        setCell(m_lines, row, 7, line.total.toString(), true);
        if (!line.discountReason.isEmpty())
            m_lines->item(row, 5)->setToolTip(line.discountReason);
    }
}

void OrderDetailPanel::fillPayments(const OrderDetail &order)
{
    m_payments->setRowCount(int(order.payments.size()));
    for (int row = 0; row < order.payments.size(); ++row) {
        const OrderDetailPayment &payment = order.payments.at(row);
        setCell(m_payments, row, 0, tenderText(payment.tender));
        setCell(m_payments, row, 1, paymentStatusText(payment.status));
        setCell(m_payments, row, 2, payment.amount.toString(), true);
        setCell(m_payments, row, 3, payment.refunded.isZero() ? QString() : payment.refunded.toString(), true);
        setCell(m_payments, row, 4,
                payment.cardLast4.isEmpty() ? QString() : u"%1 •••• %2"_s.arg(payment.cardBrand, payment.cardLast4));
        setCell(m_payments, row, 5, when(payment.createdAt));
    }
}

void OrderDetailPanel::fillRefunds(const OrderDetail &order)
{
    m_refunds->setRowCount(int(order.refunds.size()));
    const QLocale locale;
    for (int row = 0; row < order.refunds.size(); ++row) {
        const OrderDetailRefund &refund = order.refunds.at(row);
        QStringList lines;
        for (const OrderDetailRefundLine &line : refund.lines) {
            QString text = tr("%1 × %2").arg(locale.toString(line.quantity), line.name);
            if (!line.restocked)
                text += tr(" (written off: %1)").arg(line.writeOffReason);
            lines.append(text);
        }
        setCell(m_refunds, row, 0, when(refund.createdAt));
        setCell(m_refunds, row, 1, tenderText(refund.tender));
        setCell(m_refunds, row, 2, paymentStatusText(refund.status));
        setCell(m_refunds, row, 3, refund.amount.toString(), true);
        setCell(m_refunds, row, 4, lines.join(u"; "_s));
        m_refunds->item(row, 4)->setToolTip(lines.join(u'\n'));
        setCell(m_refunds, row, 5, refund.reason);
        setCell(m_refunds, row, 6, refund.userName);
        if (!refund.failureMessage.isEmpty())
            m_refunds->item(row, 2)->setToolTip(refund.failureMessage);
    }
}

void OrderDetailPanel::fillTimeline(const OrderDetail &order)
{
    m_timeline->setRowCount(int(order.history.size()));
    for (int row = 0; row < order.history.size(); ++row) {
        const StatusChange &change = order.history.at(row);
        const QString status = change.from ? tr("%1 → %2").arg(orderStatusTitle(*change.from),
                                                                 orderStatusTitle(change.to))
                                           : orderStatusTitle(change.to);
        setCell(m_timeline, row, 0, when(change.at));
        setCell(m_timeline, row, 1, status);
        setCell(m_timeline, row, 2, change.userName.isEmpty() ? tr("Storekeeper") : change.userName);
        setCell(m_timeline, row, 3, change.note);
    }
}

void OrderDetailPanel::fillAddresses(const OrderDetail &order)
{
    if (order.shippingAddress.isEmpty() && order.billingAddress.isEmpty()) {
        m_addresses->setText(order.header.channel == OrderChannel::InStore
                                 ? tr("Sold in store%1: no addresses.")
                                       .arg(order.locationName.isEmpty() ? QString() : u" ("_s + order.locationName + u')')
                                 : tr("This order has no addresses."));
        return;
    }
    QString text = tr("Ship to:") + u'\n' + (order.shippingAddress.isEmpty() ? tr("(none)") : order.shippingAddress);
    text += u"\n\n"_s + tr("Bill to:") + u'\n'
            + (order.billingAddress.isEmpty() ? tr("The shipping address") : order.billingAddress);
    m_addresses->setText(text);
}

void OrderDetailPanel::fillButtons(const OrderDetail &order)
{
    const QList<OrderStatus> next = m_mayManage ? order.allowedNext : QList<OrderStatus>();
    m_confirm->setVisible(next.contains(OrderStatus::Confirmed));
    m_process->setVisible(next.contains(OrderStatus::Processing));
    m_ship->setVisible(next.contains(OrderStatus::Shipped));
    m_deliver->setVisible(next.contains(OrderStatus::Delivered));
    m_cancel->setVisible(next.contains(OrderStatus::Cancelled));
    bool returnable = false;
    for (const OrderDetailLine &line : order.lines)
        returnable = returnable || line.refundedQuantity < line.quantity;
    // Goods come back once they were handed over; before that, cancelling
    // gives the money back.
    const bool handedOver = order.header.status == OrderStatus::Delivered;
    m_refund->setVisible(m_mayManage && !order.vendorScoped && handedOver && returnable
                         && order.header.refunded < order.header.paid);
}

} // namespace sk
