#include "customers/CustomerDetailPanel.h"

#include "orders/OrderStatus.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

enum OrderColumn { NumberColumn, DateColumn, ChannelColumn, StatusColumn, ItemsColumn, TotalColumn, RefundedColumn,
                   OrderColumnCount };

QString channelTitle(const QString &channel)
{
    return channel == u"online"_s ? CustomerDetailPanel::tr("Online") : CustomerDetailPanel::tr("In store");
}

QString statusTitle(const QString &status)
{
    const std::optional<OrderStatus> known = orderStatusFromName(status);
    return known ? orderStatusTitle(*known) : status;
}

QString dateText(const QDateTime &at)
{
    return QLocale().toString(at.toLocalTime().date(), QLocale::ShortFormat);
}

} // namespace

CustomerDetailPanel::CustomerDetailPanel(QWidget *parent)
    : QWidget(parent),
      m_name(new QLabel(this)),
      m_contact(new QLabel(this)),
      m_lifetime(new QLabel(this)),
      m_addresses(new QLabel(this)),
      m_orders(new QTableWidget(0, OrderColumnCount, this)),
      m_moreOrders(new QPushButton(tr("More orders"), this))
{
    setObjectName(u"customerDetail"_s);
    QFont bold = m_name->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_name->setFont(bold);
    m_name->setObjectName(u"customerName"_s);
    m_contact->setObjectName(u"customerContact"_s);
    m_contact->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lifetime->setObjectName(u"customerLifetime"_s);
    m_lifetime->setWordWrap(true);
    m_addresses->setObjectName(u"customerAddresses"_s);
    m_addresses->setWordWrap(true);
    m_addresses->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_addresses->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    m_orders->setObjectName(u"customerOrders"_s);
    m_orders->setHorizontalHeaderLabels({tr("Order"), tr("Date"), tr("Channel"), tr("Status"), tr("Items"),
                                         tr("Total"), tr("Refunded")});
    m_orders->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_orders->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_orders->setAlternatingRowColors(true);
    m_orders->verticalHeader()->setVisible(false);
    m_orders->horizontalHeader()->setStretchLastSection(true);
    m_orders->setAccessibleName(tr("Order history"));
    m_moreOrders->setObjectName(u"moreOrdersButton"_s);
    m_moreOrders->setAutoDefault(false);
    m_moreOrders->hide();
    connect(m_moreOrders, &QPushButton::clicked, this, &CustomerDetailPanel::moreOrdersWanted);

    auto *facts = new QVBoxLayout;
    facts->addWidget(m_name);
    facts->addWidget(m_contact);
    facts->addWidget(m_lifetime);
    auto *addressTitle = new QLabel(tr("<b>Addresses</b>"), this);
    facts->addSpacing(6);
    facts->addWidget(addressTitle);
    facts->addWidget(m_addresses, 1);

    auto *history = new QVBoxLayout;
    history->addWidget(new QLabel(tr("<b>Order history</b>"), this));
    history->addWidget(m_orders, 1);
    auto *moreRow = new QHBoxLayout;
    moreRow->addStretch(1);
    moreRow->addWidget(m_moreOrders);
    history->addLayout(moreRow);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(facts, 2);
    layout->addSpacing(12);
    layout->addLayout(history, 3);
    showNothing(tr("Choose a customer to see their orders and addresses."));
}

void CustomerDetailPanel::showProfile(const CustomerProfile &profile)
{
    m_customerId = profile.customer.id;
    m_name->setText(profile.customer.displayName());
    QStringList contact{profile.customer.email};
    if (!profile.customer.phone.isEmpty())
        contact.append(profile.customer.phone);
    if (profile.mergedIntoId)
        contact.append(tr("merged into another customer"));
    else if (!profile.isActive)
        contact.append(tr("switched off"));
    m_contact->setText(contact.join(u" · "_s));

    const LifetimeValue &lifetime = profile.lifetime;
    if (lifetime.orderCount == 0) {
        m_lifetime->setText(tr("No orders yet."));
    } else {
        m_lifetime->setText(tr("Lifetime value <b>%1</b> · orders: %2 · paid %3, refunded %4 · first order %5, "
                               "last order %6.")
                                .arg(lifetime.value.toString(), QLocale().toString(lifetime.orderCount),
                                     lifetime.paid.toString(), lifetime.refunded.toString(),
                                     dateText(lifetime.firstOrderAt), dateText(lifetime.lastOrderAt)));
    }
    QStringList lines;
    for (const CustomerAddress &address : profile.addresses) {
        QString kind = address.type == AddressType::Billing ? tr("Billing") : tr("Shipping");
        if (address.isDefault)
            kind = tr("%1 (default)").arg(kind);
        lines.append(u"%1: %2"_s.arg(kind, address.oneLine().toHtmlEscaped()));
    }
    m_addresses->setText(lines.isEmpty() ? tr("No addresses.") : lines.join(u"<br>"_s));
    m_orders->setRowCount(0);
    m_moreOrders->hide();
}

void CustomerDetailPanel::appendOrders(const QList<OrderHistoryEntry> &orders, bool more)
{
    for (const OrderHistoryEntry &order : orders) {
        const int row = m_orders->rowCount();
        m_orders->insertRow(row);
        const QStringList cells{order.orderNumber,
                                dateText(order.createdAt),
                                channelTitle(order.channel),
                                statusTitle(order.status),
                                QLocale().toString(order.itemCount),
                                order.total.toString(),
                                order.refunded.isZero() ? QString() : order.refunded.toString()};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            if (column >= ItemsColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setData(Qt::UserRole, order.id);
            m_orders->setItem(row, column, item);
        }
    }
    m_orders->resizeColumnsToContents();
    m_moreOrders->setVisible(more);
}

void CustomerDetailPanel::showNothing(const QString &why)
{
    m_customerId = 0;
    m_name->setText(why);
    m_contact->clear();
    m_lifetime->clear();
    m_addresses->clear();
    m_orders->setRowCount(0);
    m_moreOrders->hide();
}

QString CustomerDetailPanel::lifetimeText() const
{
    return m_lifetime->text();
}

QString CustomerDetailPanel::addressesText() const
{
    return m_addresses->text();
}

} // namespace sk
