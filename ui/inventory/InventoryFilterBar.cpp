#include "inventory/InventoryFilterBar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

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

} // namespace

InventoryFilterBar::InventoryFilterBar(QWidget *parent)
    : QWidget(parent),
      m_location(new QComboBox(this)),
      m_vendorLabel(new QLabel(tr("&Vendor:"), this)),
      m_vendor(new QComboBox(this)),
      m_category(new QComboBox(this)),
      m_state(new QComboBox(this)),
      m_clear(new QPushButton(tr("C&lear filters"), this))
{
    setObjectName(u"inventoryFilterBar"_s);

    m_location->setObjectName(u"locationFilter"_s);
    m_location->addItem(tr("All locations"));
    m_location->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *locationLabel = new QLabel(tr("L&ocation:"), this);
    locationLabel->setBuddy(m_location);

    m_vendor->setObjectName(u"vendorFilter"_s);
    m_vendor->addItem(tr("All vendors"));
    m_vendor->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_vendorLabel->setBuddy(m_vendor);
    m_vendorLabel->setVisible(false);
    m_vendor->setVisible(false);

    m_category->setObjectName(u"categoryFilter"_s);
    m_category->addItem(tr("All categories"));
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *categoryLabel = new QLabel(tr("C&ategory:"), this);
    categoryLabel->setBuddy(m_category);

    m_state->setObjectName(u"stateFilter"_s);
    m_state->addItem(tr("All stock"), int(StockState::Any));
    m_state->addItem(tr("Low stock"), int(StockState::Low));
    m_state->addItem(tr("Out of stock"), int(StockState::OutOfStock));
    m_state->addItem(tr("In stock"), int(StockState::InStock));
    m_state->setToolTip(tr("Low: available at or below the reorder level."));
    auto *stateLabel = new QLabel(tr("S&how:"), this);
    stateLabel->setBuddy(m_state);

    m_clear->setObjectName(u"clearFiltersButton"_s);
    m_clear->setAutoDefault(false);
    m_clear->setEnabled(false);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(locationLabel);
    layout->addWidget(m_location);
    layout->addSpacing(8);
    layout->addWidget(m_vendorLabel);
    layout->addWidget(m_vendor);
    layout->addSpacing(8);
    layout->addWidget(categoryLabel);
    layout->addWidget(m_category);
    layout->addSpacing(8);
    layout->addWidget(stateLabel);
    layout->addWidget(m_state);
    layout->addStretch(1);
    layout->addWidget(m_clear);

    for (QComboBox *combo : {m_location, m_vendor, m_category, m_state})
        connect(combo, &QComboBox::currentIndexChanged, this, &InventoryFilterBar::emitChanged);
    connect(m_clear, &QPushButton::clicked, this, &InventoryFilterBar::clear);
}

void InventoryFilterBar::setLocations(const QList<Location> &locations)
{
    QList<std::pair<qint64, QString>> items;
    for (const Location &location : locations)
        if (location.isActive)
            items.append({location.id, location.name});
    refill(m_location, items);
}

void InventoryFilterBar::setVendors(const QList<Vendor> &vendors)
{
    QList<std::pair<qint64, QString>> items;
    for (const Vendor &vendor : vendors)
        items.append({vendor.id, vendor.name});
    refill(m_vendor, items);
    m_vendorLabel->setVisible(!vendors.isEmpty());
    m_vendor->setVisible(!vendors.isEmpty());
}

void InventoryFilterBar::setCategories(const QList<std::pair<qint64, QString>> &categories)
{
    refill(m_category, categories);
}

void InventoryFilterBar::apply(StockLevelQuery &query) const
{
    query.locationId = chosenId(m_location);
    query.vendorId = chosenId(m_vendor);
    query.categoryId = chosenId(m_category);
    query.state = StockState(m_state->currentData().toInt());
}

bool InventoryFilterBar::isFiltering() const
{
    return m_location->currentIndex() > 0 || m_vendor->currentIndex() > 0 || m_category->currentIndex() > 0
           || m_state->currentIndex() > 0;
}

std::optional<qint64> InventoryFilterBar::locationId() const
{
    return chosenId(m_location);
}

void InventoryFilterBar::setState(StockState state)
{
    m_state->setCurrentIndex(std::max(0, m_state->findData(int(state))));
}

void InventoryFilterBar::setLocationId(std::optional<qint64> locationId)
{
    m_location->setCurrentIndex(locationId ? std::max(0, m_location->findData(*locationId)) : 0);
}

void InventoryFilterBar::clear()
{
    {
        const QSignalBlocker location(m_location);
        const QSignalBlocker vendor(m_vendor);
        const QSignalBlocker category(m_category);
        const QSignalBlocker state(m_state);
        for (QComboBox *combo : {m_location, m_vendor, m_category, m_state})
            combo->setCurrentIndex(0);
    }
    emitChanged();
}

void InventoryFilterBar::emitChanged()
{
    m_clear->setEnabled(isFiltering());
    emit changed();
}

} // namespace sk
