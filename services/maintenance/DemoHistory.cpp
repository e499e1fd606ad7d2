#include "maintenance/DemoHistory.h"

#include "db/Database.h"
#include "db/SqlDialect.h"
#include "inventory/InventoryLedger.h"
#include "orders/OnlineCart.h"
#include "orders/OrderService.h"
#include "orders/ReturnService.h"
#include "payments/PaymentService.h"
#include "recommendations/RecommendationLedger.h"
#include "reports/ReportLedger.h"
#include "reviews/ReviewService.h"
#include "sales/CartService.h"
#include "sales/CheckoutService.h"
#include "sales/ShiftService.h"

#include <QCoreApplication>
#include <QCoroTask>
#include <QDateTime>
#include <QRandomGenerator>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// The shop's first register and the demo's people, read once.
struct Cast {
    qint64 registerId = 0;
    qint64 locationId = 0;
    QString currency;
    Session clerk;
    Session admin;
    QList<Session> customers;
};

Session sessionOf(qint64 userId, const QString &email, Role role)
{
    Session session;
    session.userId = userId;
    session.email = email;
    session.role = role;
    session.signedInAt = QDateTime::currentDateTimeUtc();
    return session;
}

Result<Cast> readCast(Connection &connection)
{
    Cast cast;
    Result<QSqlQuery> till =
        connection.exec(u"SELECT id, location_id FROM registers WHERE is_active = 1 ORDER BY code LIMIT 1"_s);
    if (!till)
        return till.error();
    if (till.value().next()) {
        cast.registerId = till.value().value(0).toLongLong();
        cast.locationId = till.value().value(1).toLongLong();
    }
    Result<QVariant> currency = connection.scalar(u"SELECT value FROM settings WHERE key = 'shop.currency'"_s);
    cast.currency = currency && !currency.value().isNull() ? currency.value().toString() : u"USD"_s;
    Result<QSqlQuery> people = connection.exec(
        u"SELECT id, email, role FROM users WHERE is_active = 1 AND merged_into_id IS NULL ORDER BY id"_s);
    if (!people)
        return people.error();
    while (people.value().next()) {
        const qint64 id = people.value().value(0).toLongLong();
        const QString email = people.value().value(1).toString();
        const QString role = people.value().value(2).toString();
        if (role == u"clerk"_s && !cast.clerk.isValid())
            cast.clerk = sessionOf(id, email, Role::Clerk);
        else if (role == u"admin"_s && email == u"owner@demo.shop"_s)
            cast.admin = sessionOf(id, email, Role::Admin);
        else if (role == u"customer"_s && email.endsWith(u"@example.com"_s))
            cast.customers.append(sessionOf(id, email, Role::Customer));
    }
    if (cast.registerId == 0 || !cast.clerk.isValid() || !cast.admin.isValid() || cast.customers.isEmpty())
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("DemoHistory", "The demo shop's register, staff or customers are "
                                                                      "missing. Fill the demo shop into a new database."));
    return cast;
}

// Variants the register's location can sell a few of today.
Result<QList<qint64>> sellableVariants(Connection &connection, qint64 registerId)
{
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT sl.variant_id FROM stock_levels sl JOIN registers r ON r.location_id = sl.location_id "
        "JOIN product_variants v ON v.id = sl.variant_id JOIN products p ON p.id = v.product_id "
        "WHERE r.id = ? AND sl.on_hand - sl.reserved >= 4 AND v.is_active = 1 AND p.status = 'active' "
        "ORDER BY sl.variant_id"_s,
        {registerId});
    if (!rows)
        return rows.error();
    QList<qint64> ids;
    while (rows.value().next())
        ids.append(rows.value().value(0).toLongLong());
    return ids;
}

// The weekly delivery: every sellable variant below its reorder level is
// brought up to twice that level (at least a dozen).
Result<QList<StockLine>> deliveryFor(Connection &connection, qint64 registerId)
{
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT sl.variant_id, sl.on_hand - sl.reserved, sl.reorder_level FROM stock_levels sl "
        "JOIN registers r ON r.location_id = sl.location_id JOIN product_variants v ON v.id = sl.variant_id "
        "JOIN products p ON p.id = v.product_id WHERE r.id = ? AND sl.on_hand - sl.reserved < sl.reorder_level "
        "AND v.is_active = 1 AND p.status = 'active' ORDER BY sl.variant_id"_s,
        {registerId});
    if (!rows)
        return rows.error();
    constexpr qint64 kLeastStocked = 12;
    QList<StockLine> lines;
    while (rows.value().next()) {
        const qint64 available = rows.value().value(1).toLongLong();
        const qint64 target = qMax(kLeastStocked, 2 * rows.value().value(2).toLongLong());
        lines.append({rows.value().value(0).toLongLong(), target - available, {}});
    }
    return lines;
}

// Where a day's rows go in time. Each step of the day (the delivery, the
// shift's opening, a sale or return at the register, the close, an online
// order) is noted as it starts; after the day the steps get times of day in
// the order they ran: the register's between opening and closing, the web
// shop's in the evening. A row keeps its distance from the start of its
// step, so a sale's payment and receipt follow its order by as little as
// they did. The times come from a generator of their own, so the history
// itself is the same with or without them.
class DayClock {
public:
    enum class Step { Delivery, Opening, Register, Closing, Online };

    void start(Step step) { m_steps.append({step, QDateTime::currentDateTimeUtc(), {}}); }

    void schedule(QDate day, QRandomGenerator &random)
    {
        const QDateTime opening(day, QTime(9, 0));
        const QDateTime closing(day, QTime(18, 0));
        const QDateTime midnight(day, QTime(23, 0));
        place(Step::Register, opening.addSecs(60), closing.addSecs(-300), random);
        place(Step::Online, closing.addSecs(300), midnight, random);
        for (Started &started : m_steps) {
            if (started.step == Step::Delivery)
                started.movedTo = QDateTime(day, QTime(8, 0));
            else if (started.step == Step::Opening)
                started.movedTo = opening;
            else if (started.step == Step::Closing)
                started.movedTo = closing;
        }
    }

    QDateTime moved(const QDateTime &at) const
    {
        // The last step started at or before the row; rows written before
        // the first step (none are) would go with it.
        auto after = std::upper_bound(m_steps.cbegin(), m_steps.cend(), at,
                                      [](const QDateTime &row, const Started &step) { return row < step.startedAt; });
        const Started &step = after == m_steps.cbegin() ? m_steps.constFirst() : *std::prev(after);
        return step.movedTo.addMSecs(step.startedAt.msecsTo(at)).toTimeSpec(at.timeSpec());
    }

private:
    struct Started {
        Step step;
        QDateTime startedAt;
        QDateTime movedTo;
    };

    // Times between from and to for every step of this kind, in the order
    // the steps ran.
    void place(Step step, const QDateTime &from, const QDateTime &to, QRandomGenerator &random)
    {
        QList<qint64> offsets;
        for (const Started &started : std::as_const(m_steps))
            if (started.step == step)
                offsets.append(random.bounded(from.msecsTo(to)));
        std::sort(offsets.begin(), offsets.end());
        qsizetype next = 0;
        for (Started &started : m_steps)
            if (started.step == step)
                started.movedTo = from.addMSecs(offsets[next++]);
    }

    QList<Started> m_steps;
};

// The tables a day's work writes to, with their times; business_day columns
// are moved with them.
struct AgedTable {
    QString table;
    QStringList timestamps;
    bool businessDay = false;
};

const QList<AgedTable> &agedTables()
{
    static const QList<AgedTable> tables{
        {u"orders"_s, {u"created_at"_s, u"updated_at"_s}, true},
        {u"order_status_history"_s, {u"created_at"_s}, false},
        {u"payments"_s, {u"created_at"_s, u"processed_at"_s}, false},
        {u"refunds"_s, {u"created_at"_s, u"processed_at"_s}, true},
        {u"shifts"_s, {u"opened_at"_s, u"closed_at"_s}, false},
        {u"shift_cash_movements"_s, {u"created_at"_s}, false},
        {u"stock_movements"_s, {u"created_at"_s}, false},
        {u"receipts"_s, {u"created_at"_s}, false},
        {u"reservations"_s, {u"created_at"_s, u"updated_at"_s, u"expires_at"_s}, false},
        {u"carts"_s, {u"created_at"_s, u"updated_at"_s, u"parked_at"_s}, false},
        {u"cart_items"_s, {u"added_at"_s}, false},
        {u"reviews"_s, {u"created_at"_s, u"updated_at"_s, u"moderated_at"_s, u"replied_at"_s}, false},
    };
    return tables;
}

Result<QList<qint64>> watermarks(Connection &connection)
{
    QList<qint64> marks;
    for (const AgedTable &aged : agedTables()) {
        // Table names come from the list above, never from input.
        Result<QVariant> last = connection.scalar(u"SELECT COALESCE(MAX(id), 0) FROM %1"_s.arg(aged.table));
        if (!last)
            return last.error();
        marks.append(last.value().toLongLong());
    }
    return marks;
}

// Moves the rows written since the watermarks to their day (the clock) and
// their business days back by daysBack days.
Status ageInTransaction(Connection &connection, const QList<qint64> &marks, const DayClock &clock, int daysBack)
{
    for (qsizetype t = 0; t < agedTables().size(); ++t) {
        const AgedTable &aged = agedTables()[t];
        QStringList columns = aged.timestamps;
        if (aged.businessDay)
            columns.append(u"business_day"_s);
        Result<QSqlQuery> rows = connection.exec(
            u"SELECT id, %1 FROM %2 WHERE id > ? ORDER BY id"_s.arg(columns.join(u", "_s), aged.table), {marks[t]});
        if (!rows)
            return rows.error();
        QStringList assignments;
        for (const QString &column : columns)
            assignments.append(column + u" = ?"_s);
        const QString update = u"UPDATE %1 SET %2 WHERE id = ?"_s.arg(aged.table, assignments.join(u", "_s));
        QList<QVariantList> updates;
        while (rows.value().next()) {
            QVariantList values;
            for (qsizetype c = 0; c < aged.timestamps.size(); ++c) {
                const QVariant at = rows.value().value(int(c) + 1);
                values.append(at.isNull() ? at : QVariant(clock.moved(at.toDateTime())));
            }
            if (aged.businessDay) {
                const QVariant day = rows.value().value(int(columns.size()));
                values.append(day.isNull() ? day
                                           : QVariant(QDate::fromString(day.toString(), Qt::ISODate)
                                                          .addDays(-daysBack)
                                                          .toString(Qt::ISODate)));
            }
            values.append(rows.value().value(0));
            updates.append(values);
        }
        for (const QVariantList &values : updates)
            if (Status ok = connection.run(update, values); !ok)
                return ok;
    }
    return Status::success();
}

const QStringList &reviewTitles()
{
    static const QStringList titles{u"Just as described"_s, u"Great value"_s,      u"Would buy again"_s,
                                    u"Good, not perfect"_s, u"Lovely quality"_s,   u"Not what I expected"_s,
                                    u"Fast delivery"_s,     u"Fits well"_s,        u"A favourite"_s};
    return titles;
}

const QStringList &reviewTexts()
{
    static const QStringList texts{
        u"Arrived quickly and well packed. Exactly what the pictures show."_s,
        u"Good quality for the price. I have recommended it to friends."_s,
        u"The colour is a little different from the photo, but I like it."_s,
        u"Solid and well made. It has held up to daily use."_s,
        u"Smaller than I thought; check the measurements before ordering."_s,
        u"Second time buying this one. Still excellent."_s,
    };
    return texts;
}

OrderAddress addressOf(int index)
{
    static const QList<OrderAddress> addresses{
        {u"12 Market Street"_s, u"Springfield"_s, u"IL"_s, u"62701"_s, u"US"_s},
        {u"48 Harbour Road"_s, u"Portland"_s, u"ME"_s, u"04101"_s, u"US"_s},
        {u"7 Elm Avenue"_s, u"Madison"_s, u"WI"_s, u"53703"_s, u"US"_s},
        {u"230 Oak Lane"_s, u"Austin"_s, u"TX"_s, u"73301"_s, u"US"_s},
        {u"5 Lakeview Drive"_s, u"Burlington"_s, u"VT"_s, u"05401"_s, u"US"_s},
    };
    return addresses[index % addresses.size()];
}

const QStringList &carriers()
{
    static const QStringList list{u"UPS"_s, u"FedEx"_s, u"USPS"_s, u"DHL"_s};
    return list;
}

// Each of the history's ten thousand small transactions would otherwise wait
// for the disk at its commit. Without that wait the database stays whole
// (SQLite's WAL, PostgreSQL's log); only the last commits could be lost to a
// power cut, and then the demo is made again. Restored when the history ends.
class QuickCommits {
public:
    explicit QuickCommits(Database &database) : m_database(database) { set(true); }
    ~QuickCommits() { set(false); }
    QuickCommits(const QuickCommits &) = delete;
    QuickCommits &operator=(const QuickCommits &) = delete;

private:
    void set(bool quick)
    {
        // On the writer's own connection, outside a write transaction.
        Database::wait(m_database.maintain([quick](Connection &connection) -> Status {
            const bool sqlite = connection.dialect().kind() == DatabaseUrl::Kind::Sqlite;
            const QString statement = sqlite ? (quick ? u"PRAGMA synchronous = NORMAL"_s : u"PRAGMA synchronous = FULL"_s)
                                             : (quick ? u"SET synchronous_commit = off"_s
                                                      : u"SET synchronous_commit = on"_s);
            return connection.run(statement);
        }));
    }

    Database &m_database;
};

} // namespace

DemoHistory::DemoHistory(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Result<DemoHistory::Summary> DemoHistory::make(int days, const std::function<bool(int)> &dayDone)
{
    Summary summary;
    if (days <= 0)
        return summary;
    Result<Cast> read = Database::wait(m_database->read([](Connection &connection) { return readCast(connection); }));
    if (!read)
        return read.error();
    const Cast cast = read.value();

    const QuickCommits quickCommits(*m_database);

    // Cash only: the demo has no card gateway.
    auto payments = std::make_shared<PaymentService>(m_database, nullptr);
    ShiftService shifts(m_database);
    CartService carts(m_database);
    CheckoutService checkout(m_database, payments);
    ReturnService returns(m_database, payments);
    OrderService orders(m_database, payments);
    ReviewService reviews(m_database);
    InventoryLedger inventory(m_database);
    // A fixed seed: every demo shop has the same history.
    QRandomGenerator random(20240601);
    QRandomGenerator timesOfDay(20240602);
    const Money openingFloat(20000, cast.currency);

    for (int day = 0; day < days; ++day) {
        const int daysBack = days - day;
        Result<QList<qint64>> marks =
            Database::wait(m_database->read([](Connection &connection) { return watermarks(connection); }));
        if (!marks)
            return marks.error();
        DayClock clock;
        constexpr int kDaysBetweenDeliveries = 7;
        if (day % kDaysBetweenDeliveries == kDaysBetweenDeliveries - 1) {
            clock.start(DayClock::Step::Delivery);
            Result<QList<StockLine>> delivery = Database::wait(m_database->read(
                [registerId = cast.registerId](Connection &connection) { return deliveryFor(connection, registerId); }));
            if (!delivery)
                return delivery.error();
            if (!delivery->isEmpty()) {
                Result<qint64> received = Database::wait(
                    inventory.receive(cast.admin, cast.locationId, u"Demo Wholesale Ltd."_s,
                                      u"WK-%1"_s.arg(day / kDaysBetweenDeliveries + 1), delivery.value()));
                if (!received)
                    return received.error();
            }
        }
        Result<QList<qint64>> sellable = Database::wait(m_database->read(
            [registerId = cast.registerId](Connection &connection) { return sellableVariants(connection, registerId); }));
        if (!sellable)
            return sellable.error();
        const QList<qint64> variants = sellable.value();
        if (variants.size() < 8)
            break; // sold out: the history ends early rather than failing
        auto pickVariant = [&]() { return variants[random.bounded(qsizetype(0), variants.size())]; };

        // The register's day.
        clock.start(DayClock::Step::Opening);
        Result<Shift> shift = Database::wait(shifts.open(cast.clerk, cast.registerId, openingFloat));
        if (!shift)
            return shift.error();
        QList<qint64> soldToday;
        const int salesToday = random.bounded(8, 21);
        for (int s = 0; s < salesToday; ++s) {
            clock.start(DayClock::Step::Register);
            Result<Cart> cart = Database::wait(carts.current(cast.clerk, cast.registerId));
            if (!cart)
                return cart.error();
            const int lines = random.bounded(1, 4);
            for (int l = 0; l < lines; ++l) {
                Result<Cart> added =
                    Database::wait(carts.addVariant(cast.clerk, cart->id, pickVariant(), random.bounded(1, 3)));
                if (added)
                    cart = added;
                else if (added.error().code != ErrorCode::Conflict)
                    return added.error();
            }
            if (cart->lines.isEmpty())
                continue;
            if (random.bounded(3) == 0) {
                const Session &customer = cast.customers[random.bounded(qsizetype(0), cast.customers.size())];
                Result<Cart> attached = Database::wait(carts.attachCustomer(cast.clerk, cart->id, customer.userId));
                if (!attached)
                    return attached.error();
                cart = attached;
            }
            // Customers hand over the next round five or the exact amount.
            const qint64 due = cart->due.minorUnits();
            const qint64 tendered = random.bounded(2) == 0 ? due : (due / 500 + 1) * 500;
            Result<Payment> paid = Database::wait(payments->addCash(cast.clerk, cart->id, Money(tendered, cast.currency)));
            if (!paid)
                return paid.error();
            Result<CompletedSale> sale = Database::wait(checkout.complete(cast.clerk, cart->id));
            if (!sale)
                return sale.error();
            soldToday.append(sale->orderId);
            ++summary.sales;
        }

        // A few things come back the same day.
        const int returnsToday = soldToday.isEmpty() ? 0 : random.bounded(0, 3);
        for (int r = 0; r < returnsToday; ++r) {
            clock.start(DayClock::Step::Register);
            const qint64 orderId = soldToday.takeAt(random.bounded(qsizetype(0), soldToday.size()));
            Result<ReturnableOrder> returnable = Database::wait(returns.order(cast.clerk, orderId));
            if (!returnable)
                return returnable.error();
            if (returnable->lines.isEmpty())
                continue;
            const ReturnableLine &line = returnable->lines[random.bounded(qsizetype(0), returnable->lines.size())];
            ReturnLineRequest back;
            back.orderItemId = line.orderItemId;
            back.quantity = 1;
            if (random.bounded(4) == 0) {
                back.disposition = ReturnDisposition::WriteOff;
                back.writeOffReason = u"Damaged"_s;
            }
            ReturnRequest request;
            request.orderId = orderId;
            request.lines = {back};
            request.destination = RefundDestination::Cash;
            request.reason = random.bounded(2) == 0 ? u"Changed mind"_s : u"Wrong size"_s;
            request.registerId = cast.registerId;
            Result<ReturnResult> given = QCoro::waitFor(returns.giveBack(cast.clerk, request));
            if (!given)
                return given.error();
            ++summary.returns;
            if (soldToday.isEmpty())
                break;
        }

        // The drawer counts what it should.
        clock.start(DayClock::Step::Closing);
        Result<ShiftReport> x = Database::wait(shifts.xReport(cast.clerk, shift->id));
        if (!x)
            return x.error();
        Result<ShiftReport> z = Database::wait(shifts.close(cast.clerk, shift->id, x->expectedCash, {}));
        if (!z)
            return z.error();

        // The online shop's orders of the day.
        const int onlineToday = random.bounded(2, 7);
        for (int o = 0; o < onlineToday; ++o) {
            clock.start(DayClock::Step::Online);
            const int who = random.bounded(int(cast.customers.size()));
            const Session &customer = cast.customers[who];
            QList<StockLine> lines;
            const int count = random.bounded(1, 4);
            for (int l = 0; l < count; ++l)
                lines.append({pickVariant(), qint64(random.bounded(1, 3)), {}});
            Result<qint64> cartId = Database::wait(m_database->write([customer, lines](Connection &connection) {
                return OnlineCart::createInTransaction(connection, customer.userId, lines);
            }));
            if (!cartId)
                return cartId.error();
            OnlineOrderRequest request;
            request.cartId = cartId.value();
            request.shipping = addressOf(who);
            Result<PlacedOrder> placed = Database::wait(orders.placeOnline(customer, request));
            if (!placed) {
                if (placed.error().code == ErrorCode::Conflict)
                    continue; // the stock went meanwhile: the customer gave up
                return placed.error();
            }
            ++summary.onlineOrders;
            if (random.bounded(8) == 0) {
                // Unpaid and cancelled: nothing to give back.
                Status cancelled =
                    QCoro::waitFor(orders.cancel(cast.admin, placed->orderId, u"The customer changed their mind."_s));
                if (!cancelled)
                    return cancelled.error();
                ++summary.cancelledOrders;
                continue;
            }
            const QString key = PaymentService::newIdempotencyKey();
            OnlinePayment payment{placed->total, u"demo-"_s + key.left(12), u"Visa"_s, u"4242"_s, key};
            if (Status ok = Database::wait(orders.recordOnlinePayment(customer, placed->orderId, payment)); !ok)
                return ok.error();
            for (OrderStatus next : {OrderStatus::Confirmed, OrderStatus::Processing})
                if (Status ok = Database::wait(orders.changeStatus(cast.admin, placed->orderId, next, {})); !ok)
                    return ok.error();
            const QString tracking = u"1Z%1"_s.arg(placed->orderId, 10, 10, QChar(u'0'));
            if (Status ok = Database::wait(orders.ship(cast.admin, placed->orderId,
                                                       carriers()[random.bounded(int(carriers().size()))], tracking, {}));
                !ok)
                return ok.error();
            if (Status ok = Database::wait(orders.changeStatus(cast.admin, placed->orderId, OrderStatus::Delivered, {}));
                !ok)
                return ok.error();

            // About one delivered order in three is reviewed, mostly kindly.
            if (random.bounded(3) != 0)
                continue;
            Result<QVariant> product = Database::wait(m_database->read([orderId = placed->orderId](Connection &c) {
                return c.scalar(u"SELECT MIN(product_id) FROM order_items WHERE order_id = ?"_s, {orderId});
            }));
            if (!product)
                return product.error();
            NewReview review;
            review.productId = product.value().toLongLong();
            review.orderId = placed->orderId;
            review.customerId = customer.userId;
            const int mood = random.bounded(10);
            review.rating = mood < 5 ? 5 : mood < 8 ? 4 : mood < 9 ? 3 : random.bounded(1, 3);
            review.title = reviewTitles()[random.bounded(int(reviewTitles().size()))];
            review.text = reviewTexts()[random.bounded(int(reviewTexts().size()))];
            const int verdict = random.bounded(10);
            review.status = verdict < 8 ? ReviewStatus::Approved : verdict < 9 ? ReviewStatus::Pending
                                                                                : ReviewStatus::Rejected;
            Result<Review> imported = Database::wait(reviews.import(cast.admin, review));
            if (!imported)
                return imported.error();
            ++summary.reviews;
        }

        // The day's rows go back to their day.
        clock.schedule(QDate::currentDate().addDays(-daysBack), timesOfDay);
        if (Status ok = Database::wait(
                m_database->write([marks = marks.value(), clock, daysBack](Connection &connection) {
                    return ageInTransaction(connection, marks, clock, daysBack);
                }));
            !ok)
            return ok.error();
        ++summary.days;
        if (dayDone && !dayDone(summary.days)) {
            summary.cancelled = true;
            break;
        }
    }

    // The summaries were kept with today's business day: count them again
    // from the aged rows (also after a cancel, so the days made agree).
    if (Status ok = Database::wait(m_database->write([](Connection &connection) -> Status {
            if (Status rebuilt = ReportLedger::rebuildInTransaction(connection); !rebuilt)
                return rebuilt;
            return RecommendationLedger::rebuildInTransaction(connection);
        }));
        !ok)
        return ok.error();
    return summary;
}

} // namespace sk
