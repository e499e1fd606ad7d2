#include "ReportsGenerator.h"

#include "CheckoutRawStatements.h"

#include "db/Connection.h"
#include "db/Database.h"
#include "inventory/InventoryLedger.h"
#include "shop/SettingsService.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

constexpr int kTopCategories = 10;
constexpr int kSubcategories = 3;             // under each: 40 categories in all
constexpr int kMaxLinesPerOrder = 9;          // one to nine, five on average
constexpr int kSameCategoryPercent = 60;      // basket lines from the first line's category
constexpr int kOnlinePercent = 15;
constexpr int kReturnPerMille = 15;
constexpr int kMaxReturnDelayDays = 14;
constexpr int kDiscountPercentOfLines = 10;   // lines with a 10 % discount
constexpr qint64 kTaxRateBp = 800;            // the default standard rate
constexpr qint64 kBasisPoints = 10000;
constexpr qint64 kShippingCents = 499;
constexpr qint64 kMinPriceCents = 199;
constexpr qint64 kPriceSpreadCents = 9800;
constexpr int kCostPercent = 55;
constexpr int kOpeningHour = 9;
constexpr int kOpenSeconds = 12 * 3600;
// Orders per write transaction: about a quarter of a million lines.
constexpr qint64 kOrdersPerTransaction = 50000;

const std::array<const char *, 12> kAdjectives{"Classic", "Organic", "Compact", "Vintage", "Everyday", "Premium",
                                               "Travel", "Linen", "Bamboo", "Ceramic", "Wool", "Copper"};
const std::array<const char *, 12> kNouns{"Mug", "Scarf", "Lamp", "Notebook", "Teapot", "Blanket",
                                          "Backpack", "Candle", "Bowl", "Socks", "Pen", "Apron"};

QByteArray timestamp(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs).toUtf8();
}

qint64 halfUp(qint64 amount, qint64 rateBp)
{
    return (amount * rateBp + kBasisPoints / 2) / kBasisPoints;
}

} // namespace

ReportsGenerator::ReportsGenerator(std::shared_ptr<Database> database, qint64 totalLines, quint64 seed)
    : m_database(std::move(database)),
      m_totalLines(totalLines),
      m_expectedOrders(std::max<qint64>(1, totalLines / 5)),
      m_random(seed)
{
}

Result<ReportsShop> ReportsGenerator::addShop()
{
    const quint64 seed = m_random();
    auto job = [seed](Connection &connection) -> Result<ReportsShop> {
        std::mt19937_64 random(seed);
        ReportsShop shop;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
        if (!settings)
            return settings.error();
        shop.currency = settings->currency.toUtf8();
        Result<qint64> location = InventoryLedger::defaultLocationId(connection);
        if (!location)
            return location.error();
        shop.locationId = location.value();

        auto addUser = [&](const QString &email, const QString &role) {
            return connection.insert(u"INSERT INTO users (email, password_hash, first_name, last_name, role, "
                                     "created_at, updated_at) VALUES (?, '!', 'Reports', 'Bench', ?, ?, ?) "
                                     "RETURNING id"_s,
                                     {email, role, now, now});
        };
        Result<qint64> admin = addUser(u"reports-admin@bench.shop"_s, u"admin"_s);
        if (!admin)
            return admin.error();
        shop.admin.userId = admin.value();
        shop.admin.email = u"reports-admin@bench.shop"_s;
        shop.admin.role = Role::Admin;
        shop.admin.signedInAt = now;
        for (int i = 1; i <= kClerks; ++i) {
            Result<qint64> clerk = addUser(u"reports-clerk-%1@bench.shop"_s.arg(i), u"clerk"_s);
            if (!clerk)
                return clerk.error();
            shop.clerkIds.append(clerk.value());
        }
        QList<qint64> vendorIds;
        for (int i = 1; i <= kVendors; ++i) {
            Result<qint64> vendor = connection.insert(
                u"INSERT INTO vendors (name, created_at) VALUES (?, ?) RETURNING id"_s,
                {u"Reports Supplier %1"_s.arg(i), now});
            if (!vendor)
                return vendor.error();
            vendorIds.append(vendor.value());
        }
        QList<qint64> categoryIds;
        for (int top = 0; top < kTopCategories; ++top) {
            Result<qint64> parent = connection.insert(
                u"INSERT INTO categories (name, slug, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id"_s,
                {u"Department %1"_s.arg(top + 1), u"department-%1"_s.arg(top + 1), now, now});
            if (!parent)
                return parent.error();
            categoryIds.append(parent.value());
            for (int sub = 1; sub <= kSubcategories; ++sub) {
                Result<qint64> child = connection.insert(
                    u"INSERT INTO categories (parent_id, name, slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                    "RETURNING id"_s,
                    {parent.value(), u"Aisle %1.%2"_s.arg(top + 1).arg(sub), u"aisle-%1-%2"_s.arg(top + 1).arg(sub),
                     now, now});
                if (!child)
                    return child.error();
                categoryIds.append(child.value());
            }
        }
        shop.productsByCategory.resize(categoryIds.size());
        QList<StockLine> stock;
        for (int i = 0; i < kProducts; ++i) {
            GeneratedProduct product;
            const int categoryIndex = i % int(categoryIds.size());
            product.categoryIndex = categoryIndex;
            product.categoryId = categoryIds.at(categoryIndex);
            // Nine in ten products come from a vendor.
            product.vendorId = i % 10 == 0 ? 0 : vendorIds.at((i * 7) % kVendors);
            product.priceCents = kMinPriceCents + qint64(random() % kPriceSpreadCents);
            product.name = QByteArray(kAdjectives.at(size_t(i) % kAdjectives.size())) + ' '
                           + kNouns.at(size_t(i / 7) % kNouns.size()) + ' ' + QByteArray::number(i + 1);
            product.sku = "RPT-" + QByteArray::number(i + 1).rightJustified(5, '0');
            Result<qint64> id = connection.insert(
                u"INSERT INTO products (vendor_id, category_id, name, slug, min_price_cents, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                {product.vendorId > 0 ? QVariant(product.vendorId) : QVariant(QMetaType::fromType<qint64>(), nullptr),
                 product.categoryId, QString::fromUtf8(product.name), u"reports-product-%1"_s.arg(i + 1),
                 product.priceCents, now, now});
            if (!id)
                return id.error();
            product.productId = id.value();
            const qint64 cost = product.priceCents * kCostPercent / 100;
            Result<qint64> variant = connection.insert(
                u"INSERT INTO product_variants (product_id, sku, price_cents, cost_cents, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"_s,
                {product.productId, QString::fromLatin1(product.sku), product.priceCents, cost, now, now});
            if (!variant)
                return variant.error();
            product.variantId = variant.value();
            stock.append(StockLine{product.variantId, 20 + qint64(random() % 200),
                                   Money(cost, QString::fromUtf8(shop.currency))});
            shop.productsByCategory[categoryIndex].append(int(shop.products.size()));
            shop.products.append(product);
        }
        Result<qint64> receipt = InventoryLedger::receiveInTransaction(
            connection, Session::system(), shop.locationId, u"Reports benchmark"_s, {}, stock, {});
        if (!receipt)
            return receipt.error();
        return shop;
    };
    Result<ReportsShop> shop = Database::wait(m_database->write(std::move(job)));
    if (!shop)
        return shop;
    m_shop = shop.value();
    m_shop.lastDay = QDate::currentDate().addDays(-1);
    m_shop.firstDay = m_shop.lastDay.addDays(1 - kDays);
    return m_shop;
}

int ReportsGenerator::pickProduct()
{
    // A long tail: the square of a uniform number puts a quarter of the
    // sales on the first sixteenth of the catalog.
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(m_random);
    return std::min(int(m_shop.products.size()) - 1, int(u * u * double(m_shop.products.size())));
}

int ReportsGenerator::pickInCategory(int categoryIndex)
{
    const QList<int> &members = m_shop.productsByCategory.at(categoryIndex);
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(m_random);
    return members.at(std::min(qsizetype(members.size()) - 1, qsizetype(u * u * double(members.size()))));
}

bool ReportsGenerator::addOrders(RawStatements &raw, qint64 untilLines)
{
    untilLines = std::min(untilLines, m_totalLines);
    qint64 inTransaction = 0;
    if (!raw.exec("BEGIN IMMEDIATE"))
        return false;
    while (m_lines < untilLines) {
        const qint64 lineCount =
            std::min<qint64>(1 + qint64(m_random() % kMaxLinesPerOrder), untilLines - m_lines);
        if (!writeOrder(raw, lineCount)) {
            raw.exec("ROLLBACK");
            return false;
        }
        if (++inTransaction == kOrdersPerTransaction) {
            inTransaction = 0;
            if (!raw.exec("COMMIT") || !raw.exec("BEGIN IMMEDIATE"))
                return false;
        }
    }
    return raw.exec("COMMIT");
}

bool ReportsGenerator::writeOrder(RawStatements &raw, qint64 lineCount)
{
    // Orders spread evenly over the two years, in time order.
    const qint64 dayIndex = std::min<qint64>(kDays - 1, m_orders * kDays / m_expectedOrders);
    const qint64 ordersPerDay = std::max<qint64>(1, m_expectedOrders / kDays);
    const QDate day = m_shop.firstDay.addDays(dayIndex);
    const int second = int((m_orders % ordersPerDay) * kOpenSeconds / ordersPerDay);
    const QDateTime at = QDateTime(day, QTime(kOpeningHour, 0)).addSecs(second);
    const QByteArray created = timestamp(at);
    const QByteArray businessDay = day.toString(Qt::ISODate).toLatin1();
    const bool online = int(m_random() % 100) < kOnlinePercent;

    QList<int> basket;
    basket.append(pickProduct());
    const int category = m_shop.products.at(basket.first()).categoryIndex;
    while (basket.size() < lineCount) {
        const int next = int(m_random() % 100) < kSameCategoryPercent ? pickInCategory(category) : pickProduct();
        if (!basket.contains(next))
            basket.append(next);
    }

    struct Line {
        int product = 0;
        qint64 quantity = 1, subtotal = 0, discount = 0, tax = 0, total = 0;
    };
    QList<Line> lines;
    qint64 subtotal = 0, discount = 0, tax = 0;
    for (int product : basket) {
        Line line;
        line.product = product;
        line.quantity = m_random() % 4 == 0 ? 2 + qint64(m_random() % 2) : 1;
        line.subtotal = m_shop.products.at(product).priceCents * line.quantity;
        line.discount = int(m_random() % 100) < kDiscountPercentOfLines ? line.subtotal / 10 : 0;
        line.tax = halfUp(line.subtotal - line.discount, kTaxRateBp);
        line.total = line.subtotal - line.discount + line.tax;
        subtotal += line.subtotal;
        discount += line.discount;
        tax += line.tax;
        lines.append(line);
    }
    const qint64 shipping = online ? kShippingCents : 0;
    const qint64 total = subtotal - discount + tax + shipping;
    const bool returned = lines.size() >= 2 && int(m_random() % 1000) < kReturnPerMille;
    const qint64 refunded = returned ? lines.first().total : 0;
    static const std::array<const char *, 3> tenders{"cash", "card", "gift_card"};
    const unsigned roll = unsigned(m_random() % 10);
    const QByteArray tender = online ? "card" : tenders.at(roll < 4 ? 0 : roll < 9 ? 1 : 2);

    const qint64 number = m_orders + 1;
    qint64 orderId = 0;
    const RawValue none = nullptr;
    const RawValue clerk = online ? none : RawValue(m_shop.clerkIds.at(qsizetype(m_random() % kClerks)));
    if (!raw.run("INSERT INTO orders (order_number, channel, status, clerk_id, location_id, currency, subtotal_cents, "
                 "discount_cents, tax_cents, shipping_cents, total_cents, paid_cents, refunded_cents, business_day, "
                 "created_at, updated_at) VALUES (?, ?, 'delivered', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 "RETURNING id",
                 {"B-" + QByteArray::number(number).rightJustified(8, '0'),
                  QByteArray(online ? "online" : "in_store"), clerk, m_shop.locationId, m_shop.currency, subtotal,
                  discount, tax, shipping, total, total, refunded, businessDay, created, created},
                 [&orderId](sqlite3_stmt *row) { orderId = sqlite3_column_int64(row, 0); }))
        return false;
    qint64 firstItemId = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const Line &line = lines.at(i);
        const GeneratedProduct &product = m_shop.products.at(line.product);
        const qint64 refundedQuantity = returned && i == 0 ? line.quantity : 0;
        if (!raw.run("INSERT INTO order_items (order_id, product_id, variant_id, vendor_id, sku, name, quantity, "
                     "list_price_cents, unit_price_cents, subtotal_cents, discount_cents, tax_rate_bp, tax_cents, "
                     "total_cents, refunded_quantity, category_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     "?) RETURNING id",
                     {orderId, product.productId, product.variantId,
                      product.vendorId > 0 ? RawValue(product.vendorId) : none, product.sku, product.name,
                      line.quantity, product.priceCents, product.priceCents, line.subtotal, line.discount, kTaxRateBp,
                      line.tax, line.total, refundedQuantity, product.categoryId},
                     [&firstItemId](sqlite3_stmt *row) {
                         if (firstItemId == 0)
                             firstItemId = sqlite3_column_int64(row, 0);
                     }))
            return false;
    }
    qint64 paymentId = 0;
    if (!raw.run("INSERT INTO payments (order_id, user_id, tender, status, currency, amount_cents, tendered_cents, "
                 "refunded_cents, idempotency_key, card_brand, card_last4, created_at, processed_at) "
                 "VALUES (?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 {orderId, clerk, tender, m_shop.currency, total, tender == "cash" ? RawValue(total) : none, refunded,
                  "bench-sale-" + QByteArray::number(orderId), QByteArray(tender == "card" ? "visa" : ""),
                  QByteArray(tender == "card" ? "4242" : ""), created, created},
                 [&paymentId](sqlite3_stmt *row) { paymentId = sqlite3_column_int64(row, 0); }))
        return false;
    m_lines += lines.size();
    ++m_orders;
    if (!returned)
        return true;

    // The first line comes back whole within two weeks (never after the
    // last day), written off: the stock ledger is not part of this workload.
    const QDate refundDay = std::min(m_shop.lastDay, day.addDays(qint64(m_random() % (kMaxReturnDelayDays + 1))));
    const QByteArray refundedAt = timestamp(QDateTime(refundDay, QTime(kOpeningHour + 1, 0)));
    const Line &line = lines.constFirst();
    qint64 refundId = 0;
    if (!raw.run("INSERT INTO refunds (order_id, payment_id, tender, status, currency, amount_cents, tax_cents, "
                 "idempotency_key, reason, user_id, business_day, created_at, processed_at) "
                 "VALUES (?, ?, ?, 'completed', ?, ?, ?, ?, 'Damaged in transit', ?, ?, ?, ?) RETURNING id",
                 {orderId, paymentId, tender, m_shop.currency, line.total, line.tax,
                  "bench-refund-" + QByteArray::number(orderId), clerk, refundDay.toString(Qt::ISODate).toLatin1(),
                  refundedAt, refundedAt},
                 [&refundId](sqlite3_stmt *row) { refundId = sqlite3_column_int64(row, 0); }))
        return false;
    if (!raw.run("INSERT INTO refund_lines (refund_id, order_item_id, quantity, amount_cents, tax_cents, disposition, "
                 "write_off_reason) VALUES (?, ?, ?, ?, ?, 'write_off', 'Damaged')",
                 {refundId, firstItemId, line.quantity, line.total, line.tax}))
        return false;
    ++m_refunds;
    return true;
}

} // namespace sk::bench
