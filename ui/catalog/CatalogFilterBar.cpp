#include "catalog/CatalogFilterBar.h"

#include "core/Money.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

namespace {

// Long enough for a price to be typed, short enough to feel immediate.
constexpr auto TypingDelay = 400ms;

QList<ProductStatus> allStatuses()
{
    return {ProductStatus::Active, ProductStatus::Inactive, ProductStatus::OutOfStock, ProductStatus::Discontinued};
}

} // namespace

CatalogFilterBar::CatalogFilterBar(QWidget *parent)
    : QWidget(parent),
      m_vendorLabel(new QLabel(tr("&Vendor:"), this)),
      m_vendor(new QComboBox(this)),
      m_status(new QComboBox(this)),
      m_minPrice(new QLineEdit(this)),
      m_maxPrice(new QLineEdit(this)),
      m_stock(new QComboBox(this)),
      m_attributes(new QLineEdit(this)),
      m_clear(new QPushButton(tr("C&lear filters"), this))
{
    setObjectName(u"catalogFilterBar"_s);

    m_vendor->setObjectName(u"vendorFilter"_s);
    m_vendor->addItem(tr("All vendors"));
    m_vendor->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_vendorLabel->setBuddy(m_vendor);
    m_vendorLabel->setVisible(false);
    m_vendor->setVisible(false);

    m_status->setObjectName(u"statusFilter"_s);
    m_status->addItem(tr("Any status"));
    for (ProductStatus status : allStatuses())
        m_status->addItem(productStatusDisplayName(status), productStatusName(status));
    auto *statusLabel = new QLabel(tr("S&tatus:"), this);
    statusLabel->setBuddy(m_status);

    const int priceWidth = fontMetrics().horizontalAdvance(u"000,000.00"_s) + 16;
    m_minPrice->setObjectName(u"minPriceFilter"_s);
    m_minPrice->setPlaceholderText(tr("from"));
    m_minPrice->setFixedWidth(priceWidth);
    m_minPrice->setClearButtonEnabled(false);
    m_maxPrice->setObjectName(u"maxPriceFilter"_s);
    m_maxPrice->setPlaceholderText(tr("to"));
    m_maxPrice->setFixedWidth(priceWidth);
    auto *priceLabel = new QLabel(tr("&Price:"), this);
    priceLabel->setBuddy(m_minPrice);
    auto *dash = new QLabel(tr("–"), this);

    m_stock->setObjectName(u"stockFilter"_s);
    m_stock->addItem(tr("Any stock"), int(StockFilter::Any));
    m_stock->addItem(tr("In stock"), int(StockFilter::InStock));
    m_stock->addItem(tr("Out of stock"), int(StockFilter::OutOfStock));
    auto *stockLabel = new QLabel(tr("St&ock:"), this);
    stockLabel->setBuddy(m_stock);

    m_attributes->setObjectName(u"attributeFilter"_s);
    m_attributes->setPlaceholderText(tr("colour=red, size=L"));
    m_attributes->setToolTip(tr("Products whose attributes have all these values: name=value, separated by commas."));
    m_attributes->setClearButtonEnabled(true);
    m_attributes->setMinimumWidth(fontMetrics().horizontalAdvance(u"colour=red, size=L"_s) + 40);
    auto *attributesLabel = new QLabel(tr("&Attributes:"), this);
    attributesLabel->setBuddy(m_attributes);

    m_clear->setObjectName(u"clearFiltersButton"_s);
    m_clear->setAutoDefault(false);
    m_clear->setEnabled(false);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_vendorLabel);
    layout->addWidget(m_vendor);
    layout->addSpacing(8);
    layout->addWidget(statusLabel);
    layout->addWidget(m_status);
    layout->addSpacing(8);
    layout->addWidget(priceLabel);
    layout->addWidget(m_minPrice);
    layout->addWidget(dash);
    layout->addWidget(m_maxPrice);
    layout->addSpacing(8);
    layout->addWidget(stockLabel);
    layout->addWidget(m_stock);
    layout->addSpacing(8);
    layout->addWidget(attributesLabel);
    layout->addWidget(m_attributes, 1);
    layout->addWidget(m_clear);

    m_typingDelay.setSingleShot(true);
    m_typingDelay.setInterval(TypingDelay);
    connect(&m_typingDelay, &QTimer::timeout, this, &CatalogFilterBar::emitWhenValid);
    for (QComboBox *combo : {m_vendor, m_status, m_stock})
        connect(combo, &QComboBox::currentIndexChanged, this, &CatalogFilterBar::emitWhenValid);
    for (QLineEdit *edit : {m_minPrice, m_maxPrice, m_attributes}) {
        connect(edit, &QLineEdit::textChanged, &m_typingDelay, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, [this] {
            m_typingDelay.stop();
            emitWhenValid();
        });
    }
    connect(m_clear, &QPushButton::clicked, this, &CatalogFilterBar::clear);
}

void CatalogFilterBar::setVendors(const QList<Vendor> &vendors)
{
    const QVariant current = m_vendor->currentData();
    const QSignalBlocker blocker(m_vendor);
    while (m_vendor->count() > 1)
        m_vendor->removeItem(1);
    for (const Vendor &vendor : vendors)
        m_vendor->addItem(vendor.name, vendor.id);
    const int index = current.isValid() ? m_vendor->findData(current) : 0;
    m_vendor->setCurrentIndex(std::max(index, 0));
    m_vendorLabel->setVisible(!vendors.isEmpty());
    m_vendor->setVisible(!vendors.isEmpty());
}

void CatalogFilterBar::setCurrency(const QString &currency)
{
    m_currency = currency;
}

bool CatalogFilterBar::isFiltering() const
{
    return m_vendor->currentIndex() > 0 || m_status->currentIndex() > 0 || !m_minPrice->text().trimmed().isEmpty()
           || !m_maxPrice->text().trimmed().isEmpty() || m_stock->currentIndex() > 0
           || !m_attributes->text().trimmed().isEmpty();
}

bool CatalogFilterBar::apply(ProductSearchQuery &query)
{
    m_problem.clear();
    ProductSearchQuery filtered = query;
    const QVariant vendor = m_vendor->currentData();
    filtered.vendorId = vendor.isValid() ? std::optional<qint64>(vendor.toLongLong()) : std::nullopt;
    const QString status = m_status->currentData().toString();
    filtered.status = status.isEmpty() ? std::nullopt : productStatusFromName(status);
    filtered.stock = StockFilter(m_stock->currentData().toInt());

    const auto price = [this](QLineEdit *edit, const QString &which) -> std::optional<std::optional<qint64>> {
        const QString text = edit->text().trimmed();
        if (text.isEmpty())
            return std::optional<qint64>();
        const std::optional<Money> money = Money::parse(text, m_currency, locale());
        if (!money || money->isNegative()) {
            m_problem = tr("The %1 price \"%2\" is not an amount. Type it like %3.")
                            .arg(which, text, Money(1999, m_currency).toString(locale()));
            return std::nullopt;
        }
        return std::optional<qint64>(money->minorUnits());
    };
    const std::optional<std::optional<qint64>> minPrice = price(m_minPrice, tr("lowest"));
    if (!minPrice)
        return false;
    const std::optional<std::optional<qint64>> maxPrice = price(m_maxPrice, tr("highest"));
    if (!maxPrice)
        return false;
    if (*minPrice && *maxPrice && **minPrice > **maxPrice) {
        m_problem = tr("The lowest price is above the highest. Swap them or change one.");
        return false;
    }
    filtered.minPriceCents = *minPrice;
    filtered.maxPriceCents = *maxPrice;

    filtered.attributes.clear();
    const QStringList pairs = m_attributes->text().split(u',', Qt::SkipEmptyParts);
    for (const QString &pair : pairs) {
        const qsizetype equals = pair.indexOf(u'=');
        const QString key = pair.left(equals).trimmed();
        const QString value = pair.mid(equals + 1).trimmed();
        if (equals < 0 || key.isEmpty() || value.isEmpty()) {
            m_problem = tr("Write attributes as name=value, separated by commas (colour=red, size=L); \"%1\" is not.")
                            .arg(pair.trimmed());
            return false;
        }
        filtered.attributes.append({key, value});
    }
    query = filtered;
    return true;
}

void CatalogFilterBar::clear()
{
    {
        const QSignalBlocker vendor(m_vendor);
        const QSignalBlocker status(m_status);
        const QSignalBlocker stock(m_stock);
        const QSignalBlocker minPrice(m_minPrice);
        const QSignalBlocker maxPrice(m_maxPrice);
        const QSignalBlocker attributes(m_attributes);
        m_vendor->setCurrentIndex(0);
        m_status->setCurrentIndex(0);
        m_stock->setCurrentIndex(0);
        m_minPrice->clear();
        m_maxPrice->clear();
        m_attributes->clear();
    }
    m_typingDelay.stop();
    emitWhenValid();
}

void CatalogFilterBar::emitWhenValid()
{
    m_clear->setEnabled(isFiltering());
    ProductSearchQuery probe;
    if (apply(probe))
        emit changed();
    else
        emit invalid(m_problem);
}

} // namespace sk
