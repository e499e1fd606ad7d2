#include "orders/OrderFilterBar.h"

#include "core/Money.h"

#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimeZone>

#include <memory>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// The earliest day the date fields offer: it stands for "any day".
const QDate kAnyDay(2000, 1, 1);

const QString kOpenStatuses = u"open"_s;

void refill(QComboBox *combo, const QList<std::pair<qint64, QString>> &items)
{
    // The first entry ("All …") stays; the choice survives when still there.
    const QVariant current = combo->currentData();
    const QSignalBlocker blocker(combo);
    while (combo->count() > 1)
        combo->removeItem(1);
    for (const auto &[id, name] : items)
        combo->addItem(name, id);
    const int index = current.isValid() ? combo->findData(current) : 0;
    combo->setCurrentIndex(std::max(index, 0));
}

std::optional<qint64> chosenId(const QComboBox *combo)
{
    const QVariant data = combo->currentData();
    return data.isValid() ? std::optional<qint64>(data.toLongLong()) : std::nullopt;
}

QDateEdit *dayEdit(QWidget *parent, const QString &name, const QString &anyText)
{
    auto *edit = new QDateEdit(parent);
    edit->setObjectName(name);
    edit->setCalendarPopup(true);
    edit->setMinimumDate(kAnyDay);
    edit->setSpecialValueText(anyText);
    edit->setDate(kAnyDay);
    return edit;
}

// The start of a local day, as the UTC instant orders are stamped with.
QDateTime startOfDay(const QDate &day)
{
    return day.startOfDay(QTimeZone::systemTimeZone()).toUTC();
}

} // namespace

OrderFilterBar::OrderFilterBar(QWidget *parent)
    : QWidget(parent),
      m_status(new QComboBox(this)),
      m_channel(new QComboBox(this)),
      m_from(dayEdit(this, u"orderFromFilter"_s, tr("Any day"))),
      m_to(dayEdit(this, u"orderToFilter"_s, tr("Any day"))),
      m_customer(new QLineEdit(this)),
      m_vendorLabel(new QLabel(tr("&Vendor:"), this)),
      m_vendor(new QComboBox(this)),
      m_clerkLabel(new QLabel(tr("Cl&erk:"), this)),
      m_clerk(new QComboBox(this)),
      m_minimum(new QLineEdit(this)),
      m_maximum(new QLineEdit(this)),
      m_clear(new QPushButton(tr("C&lear filters"), this))
{
    setObjectName(u"orderFilterBar"_s);

    m_status->setObjectName(u"orderStatusFilter"_s);
    m_status->addItem(tr("All statuses"));
    m_status->addItem(tr("Open (pending, confirmed, processing)"), kOpenStatuses);
    for (OrderStatus status : {OrderStatus::Pending, OrderStatus::Confirmed, OrderStatus::Processing,
                               OrderStatus::Shipped, OrderStatus::Delivered, OrderStatus::Cancelled,
                               OrderStatus::Refunded})
        m_status->addItem(orderStatusTitle(status), orderStatusName(status));
    m_status->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *statusLabel = new QLabel(tr("S&tatus:"), this);
    statusLabel->setBuddy(m_status);

    m_channel->setObjectName(u"orderChannelFilter"_s);
    m_channel->addItem(tr("Both channels"));
    m_channel->addItem(orderChannelTitle(OrderChannel::InStore), orderChannelName(OrderChannel::InStore));
    m_channel->addItem(orderChannelTitle(OrderChannel::Online), orderChannelName(OrderChannel::Online));
    auto *channelLabel = new QLabel(tr("C&hannel:"), this);
    channelLabel->setBuddy(m_channel);

    auto *fromLabel = new QLabel(tr("&From:"), this);
    fromLabel->setBuddy(m_from);
    auto *toLabel = new QLabel(tr("T&o:"), this);
    toLabel->setBuddy(m_to);
    m_from->setToolTip(tr("The first day of the orders shown."));
    m_to->setToolTip(tr("The last day of the orders shown (included)."));

    m_customer->setObjectName(u"orderCustomerFilter"_s);
    m_customer->setPlaceholderText(tr("Name or e-mail"));
    m_customer->setClearButtonEnabled(true);
    auto *customerLabel = new QLabel(tr("C&ustomer:"), this);
    customerLabel->setBuddy(m_customer);

    m_vendor->setObjectName(u"orderVendorFilter"_s);
    m_vendor->addItem(tr("All vendors"));
    m_vendor->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_vendorLabel->setBuddy(m_vendor);
    m_vendorLabel->setVisible(false);
    m_vendor->setVisible(false);
    m_clerk->setObjectName(u"orderClerkFilter"_s);
    m_clerk->addItem(tr("All clerks"));
    m_clerk->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_clerkLabel->setBuddy(m_clerk);
    m_clerkLabel->setVisible(false);
    m_clerk->setVisible(false);

    m_minimum->setObjectName(u"orderMinimumFilter"_s);
    m_maximum->setObjectName(u"orderMaximumFilter"_s);
    for (QLineEdit *amount : {m_minimum, m_maximum}) {
        amount->setClearButtonEnabled(true);
        amount->setMaximumWidth(fontMetrics().horizontalAdvance(u"0"_s) * 14);
    }
    m_minimum->setPlaceholderText(tr("from"));
    m_maximum->setPlaceholderText(tr("to"));
    auto *amountLabel = new QLabel(tr("&Amount:"), this);
    amountLabel->setBuddy(m_minimum);

    m_clear->setObjectName(u"clearOrderFiltersButton"_s);
    m_clear->setAutoDefault(false);
    m_clear->setEnabled(false);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *first = new QHBoxLayout;
    first->addWidget(statusLabel);
    first->addWidget(m_status);
    first->addSpacing(8);
    first->addWidget(channelLabel);
    first->addWidget(m_channel);
    first->addSpacing(8);
    first->addWidget(fromLabel);
    first->addWidget(m_from);
    first->addWidget(toLabel);
    first->addWidget(m_to);
    first->addStretch(1);
    first->addWidget(m_clear);
    auto *second = new QHBoxLayout;
    second->addWidget(customerLabel);
    second->addWidget(m_customer, 1);
    second->addSpacing(8);
    second->addWidget(m_vendorLabel);
    second->addWidget(m_vendor);
    second->addWidget(m_clerkLabel);
    second->addWidget(m_clerk);
    second->addSpacing(8);
    second->addWidget(amountLabel);
    second->addWidget(m_minimum);
    second->addWidget(new QLabel(u"–"_s, this));
    second->addWidget(m_maximum);
    layout->addLayout(first, 0, 0);
    layout->addLayout(second, 1, 0);

    for (QComboBox *combo : {m_status, m_channel, m_vendor, m_clerk})
        connect(combo, &QComboBox::currentIndexChanged, this, &OrderFilterBar::emitChanged);
    for (QDateEdit *edit : {m_from, m_to})
        connect(edit, &QDateEdit::dateChanged, this, &OrderFilterBar::emitChanged);
    connect(m_customer, &QLineEdit::textEdited, this, [this] {
        m_customerId.reset();
        emitChanged();
    });
    connect(m_customer, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty() && m_customerId) {
            m_customerId.reset();
            emitChanged();
        }
    });
    for (QLineEdit *amount : {m_minimum, m_maximum})
        connect(amount, &QLineEdit::textChanged, this, &OrderFilterBar::emitChanged);
    connect(m_clear, &QPushButton::clicked, this, &OrderFilterBar::clear);
}

void OrderFilterBar::setCurrency(const QString &currency)
{
    m_currency = currency;
}

void OrderFilterBar::setVendors(const QList<Vendor> &vendors)
{
    QList<std::pair<qint64, QString>> items;
    for (const Vendor &vendor : vendors)
        items.append({vendor.id, vendor.name});
    refill(m_vendor, items);
    m_vendorLabel->setVisible(!vendors.isEmpty());
    m_vendor->setVisible(!vendors.isEmpty());
}

void OrderFilterBar::setClerks(const QList<std::pair<qint64, QString>> &clerks)
{
    refill(m_clerk, clerks);
    m_clerkLabel->setVisible(!clerks.isEmpty());
    m_clerk->setVisible(!clerks.isEmpty());
}

void OrderFilterBar::setCustomer(qint64 customerId, const QString &name)
{
    {
        const QSignalBlocker blocker(m_customer);
        m_customer->setText(name);
    }
    m_customerId = customerId;
    emitChanged();
}

std::optional<QString> OrderFilterBar::apply(OrderQuery &query) const
{
    query.statuses.clear();
    const QString status = m_status->currentData().toString();
    if (status == kOpenStatuses)
        query.statuses = {OrderStatus::Pending, OrderStatus::Confirmed, OrderStatus::Processing};
    else if (const std::optional<OrderStatus> one = orderStatusFromName(status))
        query.statuses = {*one};
    query.channel = orderChannelFromName(m_channel->currentData().toString());
    query.createdFrom = m_from->date() > kAnyDay ? startOfDay(m_from->date()) : QDateTime();
    query.createdBefore = m_to->date() > kAnyDay ? startOfDay(m_to->date().addDays(1)) : QDateTime();
    query.customerId = m_customerId;
    query.customerText = m_customerId ? QString() : m_customer->text().trimmed();
    query.vendorId = chosenId(m_vendor);
    query.clerkId = chosenId(m_clerk);
    const auto amount = [this](const QLineEdit *field, std::optional<qint64> &cents,
                               const QString &what) -> std::optional<QString> {
        cents.reset();
        const QString text = field->text().trimmed();
        if (text.isEmpty())
            return std::nullopt;
        const std::optional<Money> money = Money::parse(text, m_currency);
        if (!money || money->isNegative())
            return what.arg(text);
        cents = money->minorUnits();
        return std::nullopt;
    };
    if (std::optional<QString> wrong =
            amount(m_minimum, query.minTotalCents, tr("The lowest amount “%1” is not an amount. Type it like 12.50.")))
        return wrong;
    if (std::optional<QString> wrong = amount(m_maximum, query.maxTotalCents,
                                              tr("The highest amount “%1” is not an amount. Type it like 12.50.")))
        return wrong;
    if (query.minTotalCents && query.maxTotalCents && *query.minTotalCents > *query.maxTotalCents)
        return tr("The lowest amount is above the highest amount. Swap them or clear one.");
    if (query.createdFrom.isValid() && query.createdBefore.isValid() && query.createdFrom >= query.createdBefore)
        return tr("The first day is after the last day. Swap them or clear one.");
    return std::nullopt;
}

bool OrderFilterBar::isFiltering() const
{
    return m_status->currentIndex() > 0 || m_channel->currentIndex() > 0 || m_from->date() > kAnyDay
           || m_to->date() > kAnyDay || !m_customer->text().trimmed().isEmpty() || m_vendor->currentIndex() > 0
           || m_clerk->currentIndex() > 0 || !m_minimum->text().trimmed().isEmpty()
           || !m_maximum->text().trimmed().isEmpty();
}

void OrderFilterBar::clear()
{
    {
        const QList<QWidget *> fields{m_status, m_channel, m_vendor, m_clerk, m_from, m_to, m_customer, m_minimum,
                                      m_maximum};
        QList<std::shared_ptr<QSignalBlocker>> blockers;
        for (QWidget *field : fields)
            blockers.append(std::make_shared<QSignalBlocker>(field));
        for (QComboBox *combo : {m_status, m_channel, m_vendor, m_clerk})
            combo->setCurrentIndex(0);
        m_from->setDate(kAnyDay);
        m_to->setDate(kAnyDay);
        m_customer->clear();
        m_minimum->clear();
        m_maximum->clear();
        m_customerId.reset();
    }
    emitChanged();
}

void OrderFilterBar::emitChanged()
{
    m_clear->setEnabled(isFiltering());
    emit changed();
}

} // namespace sk
