#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QFuture>
#include <QMap>
#include <QString>
#include <memory>

namespace sk {

class Connection;
class Database;

// The register's money settings, kept as rows of `settings` beside the
// shop's own (docs/sales.md lists the keys and their defaults):
//   shop.currency, tax.default_rate_bp      shared with ShopSettings
//   tax.class.<name>_bp                     one row per further tax class
//   register.max_line_discount_bp           clerk's limit per line
//   register.max_cart_discount_bp           clerk's limit on the whole sale
//   register.max_price_reduction_bp         clerk's limit on a price override
// Above a limit an administrator approves (CartService).
struct SalesSettings {
    static constexpr int kDefaultClerkLimitBasisPoints = 1000;   // 10 %
    static constexpr int kDefaultReducedRateBasisPoints = 500;   // 5 %

    QString currency = QStringLiteral("USD");
    int standardTaxRateBasisPoints = 800;   // tax class "standard" and any unknown class
    // Further tax classes by lower-case name; "reduced" 5 % and "zero" 0 %
    // unless the settings say otherwise.
    QMap<QString, int> taxClassRates{{QStringLiteral("reduced"), kDefaultReducedRateBasisPoints},
                                     {QStringLiteral("zero"), 0}};
    int maxLineDiscountBasisPoints = kDefaultClerkLimitBasisPoints;
    int maxCartDiscountBasisPoints = kDefaultClerkLimitBasisPoints;
    int maxPriceReductionBasisPoints = kDefaultClerkLimitBasisPoints;

    friend bool operator==(const SalesSettings &, const SalesSettings &) = default;

    static Status validate(const SalesSettings &settings);
    static Result<SalesSettings> loadInTransaction(Connection &connection);
    // Writes the changed keys and audits each; currency and the standard rate
    // are written too, so ShopSettings sees the same values.
    static Status saveInTransaction(Connection &connection, const Session &actor, const SalesSettings &settings);

    // Any signed-in user may read them; saving needs ManageSettings.
    static QFuture<Result<SalesSettings>> load(const std::shared_ptr<Database> &database);
    static QFuture<Status> save(const std::shared_ptr<Database> &database, const Session &actor,
                                const SalesSettings &settings);
};

} // namespace sk
