#include "reviews/ReviewFilterBar.h"

#include "ReviewTableModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

namespace {

// Long enough that a word typed quickly is one query.
constexpr auto TypingDelay = 250ms;
// The product box's way of naming one product exactly: "#12".
constexpr QChar ProductIdMark = u'#';

// The item's data is a number; the first item ("Any …") has none.
std::optional<int> chosenNumber(const QComboBox *combo)
{
    const QVariant data = combo->currentData();
    return data.isValid() ? std::optional<int>(data.toInt()) : std::nullopt;
}

} // namespace

ReviewFilterBar::ReviewFilterBar(QWidget *parent)
    : QWidget(parent),
      m_product(new QLineEdit(this)),
      m_rating(new QComboBox(this)),
      m_status(new QComboBox(this)),
      m_verified(new QComboBox(this)),
      m_vendorLabel(new QLabel(tr("&Vendor:"), this)),
      m_vendor(new QComboBox(this)),
      m_clear(new QPushButton(tr("C&lear filters"), this))
{
    setObjectName(u"reviewFilterBar"_s);

    m_product->setObjectName(u"productFilter"_s);
    m_product->setPlaceholderText(tr("Product name, or #id"));
    m_product->setClearButtonEnabled(true);
    m_product->setMinimumWidth(m_product->fontMetrics().horizontalAdvance(u"Stainless Steel Espresso"_s));
    auto *productLabel = new QLabel(tr("&Product:"), this);
    productLabel->setBuddy(m_product);

    m_rating->setObjectName(u"ratingFilter"_s);
    m_rating->addItem(tr("Any rating"));
    for (int stars = 5; stars >= 1; --stars)
        m_rating->addItem(ReviewTableModel::stars(stars), stars);
    auto *ratingLabel = new QLabel(tr("Ra&ting:"), this);
    ratingLabel->setBuddy(m_rating);

    m_status->setObjectName(u"statusFilter"_s);
    m_status->addItem(tr("Any status"));
    for (ReviewStatus status : allReviewStatuses())
        m_status->addItem(reviewStatusTitle(status), int(status));
    auto *statusLabel = new QLabel(tr("&Status:"), this);
    statusLabel->setBuddy(m_status);

    m_verified->setObjectName(u"verifiedFilter"_s);
    m_verified->addItem(tr("All purchases"));
    m_verified->addItem(tr("Verified"), 1);
    m_verified->addItem(tr("Not verified"), 0);
    m_verified->setToolTip(tr("Verified: the review's order holds the product."));
    auto *verifiedLabel = new QLabel(tr("Pu&rchase:"), this);
    verifiedLabel->setBuddy(m_verified);

    m_vendor->setObjectName(u"vendorFilter"_s);
    m_vendor->addItem(tr("All vendors"));
    m_vendor->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_vendorLabel->setBuddy(m_vendor);
    m_vendorLabel->setVisible(false);
    m_vendor->setVisible(false);

    m_clear->setObjectName(u"clearFiltersButton"_s);
    m_clear->setAutoDefault(false);
    m_clear->setEnabled(false);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(productLabel);
    layout->addWidget(m_product, 1);
    layout->addSpacing(8);
    layout->addWidget(ratingLabel);
    layout->addWidget(m_rating);
    layout->addSpacing(8);
    layout->addWidget(statusLabel);
    layout->addWidget(m_status);
    layout->addSpacing(8);
    layout->addWidget(verifiedLabel);
    layout->addWidget(m_verified);
    layout->addSpacing(8);
    layout->addWidget(m_vendorLabel);
    layout->addWidget(m_vendor);
    layout->addSpacing(8);
    layout->addWidget(m_clear);

    m_typingDelay.setSingleShot(true);
    m_typingDelay.setInterval(TypingDelay);
    connect(m_product, &QLineEdit::textChanged, &m_typingDelay, qOverload<>(&QTimer::start));
    connect(&m_typingDelay, &QTimer::timeout, this, &ReviewFilterBar::emitChanged);
    connect(m_product, &QLineEdit::returnPressed, this, [this] {
        if (m_typingDelay.isActive()) {
            m_typingDelay.stop();
            emitChanged();
        }
    });
    for (QComboBox *combo : {m_rating, m_status, m_verified, m_vendor})
        connect(combo, &QComboBox::currentIndexChanged, this, &ReviewFilterBar::emitChanged);
    connect(m_clear, &QPushButton::clicked, this, &ReviewFilterBar::clear);
}

void ReviewFilterBar::setVendors(const QList<Vendor> &vendors)
{
    const QVariant current = m_vendor->currentData();
    {
        const QSignalBlocker blocker(m_vendor);
        while (m_vendor->count() > 1)
            m_vendor->removeItem(1);
        if (!vendors.isEmpty())
            m_vendor->addItem(tr("The shop's own products"), qint64(0));
        for (const Vendor &vendor : vendors)
            m_vendor->addItem(vendor.name, vendor.id);
        m_vendor->setCurrentIndex(current.isValid() ? std::max(0, m_vendor->findData(current)) : 0);
    }
    m_vendorLabel->setVisible(!vendors.isEmpty());
    m_vendor->setVisible(!vendors.isEmpty());
}

void ReviewFilterBar::setStatus(std::optional<ReviewStatus> status)
{
    m_status->setCurrentIndex(status ? std::max(0, m_status->findData(int(*status))) : 0);
}

void ReviewFilterBar::setRating(std::optional<int> rating)
{
    m_rating->setCurrentIndex(rating ? std::max(0, m_rating->findData(*rating)) : 0);
}

void ReviewFilterBar::setProductText(const QString &text)
{
    m_product->setText(text);
    m_typingDelay.stop();
    emitChanged();
}

void ReviewFilterBar::apply(ReviewQuery &query) const
{
    query.rating = chosenNumber(m_rating);
    const std::optional<int> status = chosenNumber(m_status);
    query.status = status ? std::optional<ReviewStatus>(ReviewStatus(*status)) : std::nullopt;
    const std::optional<int> verified = chosenNumber(m_verified);
    query.verified = verified ? std::optional<bool>(*verified != 0) : std::nullopt;
    const QVariant vendor = m_vendor->currentData();
    query.vendorId = vendor.isValid() ? std::optional<qint64>(vendor.toLongLong()) : std::nullopt;
    const QString text = m_product->text().trimmed();
    query.productId.reset();
    query.productText.clear();
    bool isId = false;
    const qint64 id = text.startsWith(ProductIdMark) ? text.mid(1).trimmed().toLongLong(&isId) : 0;
    if (isId && id > 0)
        query.productId = id;
    else
        query.productText = text;
}

bool ReviewFilterBar::isFiltering() const
{
    return !m_product->text().trimmed().isEmpty() || m_rating->currentIndex() > 0 || m_status->currentIndex() > 0
           || m_verified->currentIndex() > 0 || m_vendor->currentIndex() > 0;
}

void ReviewFilterBar::clear()
{
    {
        const QSignalBlocker product(m_product);
        const QSignalBlocker rating(m_rating);
        const QSignalBlocker status(m_status);
        const QSignalBlocker verified(m_verified);
        const QSignalBlocker vendor(m_vendor);
        m_product->clear();
        for (QComboBox *combo : {m_rating, m_status, m_verified, m_vendor})
            combo->setCurrentIndex(0);
    }
    m_typingDelay.stop();
    emitChanged();
}

void ReviewFilterBar::focusProduct()
{
    m_product->setFocus(Qt::ShortcutFocusReason);
    m_product->selectAll();
}

void ReviewFilterBar::emitChanged()
{
    m_clear->setEnabled(isFiltering());
    emit changed();
}

} // namespace sk
