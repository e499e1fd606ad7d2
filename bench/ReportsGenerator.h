#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QDate>
#include <QList>
#include <QString>

#include <memory>
#include <random>

namespace sk {
class Database;
}

namespace sk::bench {

class RawStatements;

struct GeneratedProduct {
    qint64 productId = 0;
    qint64 variantId = 0;
    qint64 categoryId = 0;
    int categoryIndex = 0;     // into ReportsShop::productsByCategory
    qint64 vendorId = 0;       // 0: the shop's own
    qint64 priceCents = 0;
    QByteArray sku;
    QByteArray name;
};

// The shop the reports scenario sells in: staff, a catalog with stock, and
// the two years its orders fall in.
struct ReportsShop {
    Session admin;
    QList<qint64> clerkIds;
    QList<GeneratedProduct> products;
    QList<QList<int>> productsByCategory;   // indexes into products
    qint64 locationId = 0;
    QByteArray currency;
    QDate firstDay;
    QDate lastDay;
};

// A realistic shop's history, the same for the same seed and size: about
// five lines an order (one to nine), products chosen with a long tail and
// baskets that keep to a category more often than not, 85 in 100 orders at
// the register by one of eight clerks and the rest online with shipping,
// paid in cash, by card or gift card, and 1.5 in 100 orders with a line
// returned within two weeks. The orders are written straight into the
// tables with prepared statements in large transactions, stamped with
// their business day and their lines' category as the write path stamps
// them; the summaries are filled afterwards by the ledgers' rebuilds.
class ReportsGenerator {
public:
    static constexpr int kProducts = 2000;
    static constexpr int kCategories = 40;
    static constexpr int kVendors = 20;
    static constexpr int kClerks = 8;
    static constexpr int kDays = 730;

    ReportsGenerator(std::shared_ptr<Database> database, qint64 totalLines, quint64 seed);

    // Staff, vendors, categories, products and their stock, through the
    // services' connection (the stock through the ledger).
    Result<ReportsShop> addShop();
    // Appends orders until `untilLines` order lines exist (of the total
    // given to the constructor, which spreads them over the two years).
    bool addOrders(RawStatements &raw, qint64 untilLines);

    qint64 lines() const { return m_lines; }
    qint64 orders() const { return m_orders; }
    qint64 refunds() const { return m_refunds; }

private:
    int pickProduct();
    int pickInCategory(int categoryIndex);
    bool writeOrder(RawStatements &raw, qint64 lineCount);

    std::shared_ptr<Database> m_database;
    ReportsShop m_shop;
    qint64 m_totalLines = 0;
    qint64 m_expectedOrders = 0;
    std::mt19937_64 m_random;
    qint64 m_lines = 0;
    qint64 m_orders = 0;
    qint64 m_refunds = 0;
};

} // namespace sk::bench
