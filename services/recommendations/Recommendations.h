#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QFuture>
#include <QList>
#include <QString>
#include <memory>

namespace sk {

class Connection;
class Database;

// A product to suggest, with why.
struct Recommendation {
    qint64 productId = 0;
    qint64 variantId = 0;        // the product's first active variant, to add at the register
    QString name;
    QString sku;
    qint64 score = 0;            // orders together, or units sold
};

// "Often bought together" and "top sellers in this category", read from the
// tables RecommendationLedger keeps (docs/recommendations.md). Active
// products with an active variant only; never one already in the list.
class Recommendations {
public:
    explicit Recommendations(std::shared_ptr<Database> database);

    QFuture<Result<QList<Recommendation>>> boughtTogether(const Session &actor, qint64 productId, int limit) const;
    // For a cart: products bought with any of these, best first, none of them.
    QFuture<Result<QList<Recommendation>>> forCart(const Session &actor, const QList<qint64> &productIds,
                                                   int limit) const;
    QFuture<Result<QList<Recommendation>>> topInCategory(const Session &actor, qint64 categoryId, int limit) const;

    static Result<QList<Recommendation>> forCartInTransaction(Connection &connection, const QList<qint64> &productIds,
                                                              int limit);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace sk
