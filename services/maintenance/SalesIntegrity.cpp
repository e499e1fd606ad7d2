#include "maintenance/SalesIntegrity.h"

#include "core/Money.h"
#include "db/Connection.h"

#include <QCoreApplication>
#include <QMap>
#include <array>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

using Finding = IntegrityCheck::Finding;

QString amount(qint64 cents, const QString &currency)
{
    const std::optional<Money> money = Money::fromMinorUnits(cents, currency);
    return money ? money->toDecimalString() + u' ' + currency : QString::number(cents);
}

Finding failed(const QString &check, const Error &error)
{
    return {check, false, error.message + u' ' + error.details};
}

Result<qint64> countOf(Connection &connection, const QString &table)
{
    Result<QVariant> count = connection.scalar(u"SELECT COUNT(*) FROM "_s + table);
    if (!count)
        return count.error();
    return count.value().toLongLong();
}

// Running totals of one shift, as stored or as recomputed from the records.
struct ShiftFigures {
    std::array<qint64, 9> values{};
};

const std::array<QStringView, 9> kShiftColumns{u"sales_count",    u"sales_cents",     u"tax_cents",
                                               u"discount_cents", u"refunds_count",   u"refunds_cents",
                                               u"refunded_tax_cents", u"cash_in_cents", u"cash_out_cents"};

struct TenderFigures {
    qint64 count = 0;
    qint64 taken = 0;
    qint64 refunded = 0;
    friend bool operator==(const TenderFigures &, const TenderFigures &) = default;
};

// Adds the rows of a grouped query (first column the shift) to the figures
// at columns [first, first + count).
Status addGrouped(Connection &connection, const QString &sql, QMap<qint64, ShiftFigures> &figures, int first,
                  int count)
{
    Result<QSqlQuery> rows = connection.exec(sql);
    if (!rows)
        return rows.error();
    while (rows.value().next()) {
        ShiftFigures &shift = figures[rows.value().value(0).toLongLong()];
        for (int i = 0; i < count; ++i)
            shift.values[size_t(first + i)] = rows.value().value(i + 1).toLongLong();
    }
    return Status::success();
}

} // namespace

Finding SalesIntegrity::orderTotals(Connection &connection)
{
    const QString check = u"orders.totals"_s;
    Result<QSqlQuery> formula = connection.exec(
        u"SELECT order_number, currency, total_cents, subtotal_cents - discount_cents + tax_cents + shipping_cents "
        "FROM orders WHERE total_cents <> subtotal_cents - discount_cents + tax_cents + shipping_cents "
        "ORDER BY id LIMIT 1"_s);
    if (!formula)
        return failed(check, formula.error());
    if (formula.value().next()) {
        const QString currency = formula.value().value(1).toString();
        return {check, false,
                QCoreApplication::translate("IntegrityCheck", "Order %1 has a total of %2, but its subtotal, "
                                                              "discount, tax and shipping make %3. Restore a backup.")
                    .arg(formula.value().value(0).toString(), amount(formula.value().value(2).toLongLong(), currency),
                         amount(formula.value().value(3).toLongLong(), currency))};
    }
    Result<QSqlQuery> line = connection.exec(
        u"SELECT o.order_number, i.sku FROM order_items i JOIN orders o ON o.id = i.order_id "
        "WHERE i.subtotal_cents <> i.unit_price_cents * i.quantity "
        "OR i.total_cents <> i.subtotal_cents - i.discount_cents + i.tax_cents ORDER BY i.id LIMIT 1"_s);
    if (!line)
        return failed(check, line.error());
    if (line.value().next())
        return {check, false,
                QCoreApplication::translate("IntegrityCheck", "The line %2 of order %1 does not add up: price times "
                                                              "quantity, less discount, plus tax must make its "
                                                              "total. Restore a backup.")
                    .arg(line.value().value(0).toString(), line.value().value(1).toString())};
    Result<QSqlQuery> sums = connection.exec(
        u"SELECT o.order_number, o.currency, o.subtotal_cents, o.discount_cents, o.tax_cents, "
        "COALESCE(l.subtotal, 0), COALESCE(l.discount, 0), COALESCE(l.tax, 0), COALESCE(l.lines, 0) "
        "FROM orders o LEFT JOIN (SELECT order_id, COUNT(*) AS lines, SUM(subtotal_cents) AS subtotal, "
        "SUM(discount_cents) AS discount, SUM(tax_cents) AS tax FROM order_items GROUP BY order_id) l "
        "ON l.order_id = o.id WHERE l.order_id IS NULL OR o.subtotal_cents <> l.subtotal "
        "OR o.discount_cents <> l.discount OR o.tax_cents <> l.tax ORDER BY o.id LIMIT 1"_s);
    if (!sums)
        return failed(check, sums.error());
    if (sums.value().next()) {
        const QSqlQuery &row = sums.value();
        const QString number = row.value(0).toString();
        const QString currency = row.value(1).toString();
        if (row.value(8).toLongLong() == 0)
            return {check, false,
                    QCoreApplication::translate("IntegrityCheck", "Order %1 has no lines. Restore a backup.")
                        .arg(number)};
        static const std::array<const char *, 3> names{QT_TRANSLATE_NOOP("IntegrityCheck", "subtotal"),
                                                       QT_TRANSLATE_NOOP("IntegrityCheck", "discount"),
                                                       QT_TRANSLATE_NOOP("IntegrityCheck", "tax")};
        for (int i = 0; i < 3; ++i) {
            const qint64 stored = row.value(2 + i).toLongLong();
            const qint64 lines = row.value(5 + i).toLongLong();
            if (stored != lines)
                return {check, false,
                        QCoreApplication::translate("IntegrityCheck", "Order %1 has a %2 of %3, but its lines add "
                                                                      "up to %4. Restore a backup.")
                            .arg(number, QCoreApplication::translate("IntegrityCheck", names[size_t(i)]),
                                 amount(stored, currency), amount(lines, currency))};
        }
    }
    Result<qint64> orders = countOf(connection, u"orders"_s);
    if (!orders)
        return failed(check, orders.error());
    return {check, true,
            QCoreApplication::translate("IntegrityCheck", "Every order's total and lines add up (%1 orders).")
                .arg(orders.value())};
}

Finding SalesIntegrity::orderPayments(Connection &connection)
{
    const QString check = u"orders.payments"_s;
    struct Mismatch {
        QString sql;         // first row, if any: order number, currency, amount, amount
        const char *message; // %1 the order, %2 and %3 the two amounts
    };
    const std::array<Mismatch, 4> mismatches{{
        // A payment refunded later still paid for the order; change handed
        // back is never part of amount_cents.
        {u"SELECT o.order_number, o.currency, o.paid_cents, COALESCE(p.paid, 0) FROM orders o "
         "LEFT JOIN (SELECT order_id, SUM(amount_cents) AS paid FROM payments "
         "WHERE order_id IS NOT NULL AND status IN ('completed', 'refunded') GROUP BY order_id) p "
         "ON p.order_id = o.id WHERE o.paid_cents <> COALESCE(p.paid, 0) ORDER BY o.id LIMIT 1"_s,
         QT_TRANSLATE_NOOP("IntegrityCheck", "Order %1 is marked paid %2, but its payments add up "
                                             "to %3. Restore a backup.")},
        {u"SELECT order_number, currency, paid_cents, total_cents FROM orders "
         "WHERE channel = 'in_store' AND paid_cents <> total_cents ORDER BY id LIMIT 1"_s,
         QT_TRANSLATE_NOOP("IntegrityCheck", "The sale %1 was paid %2 for a total of %3; a sale at "
                                             "the register is paid in full. Restore a backup.")},
        // Every refund row counts, whatever its state: a pending or declined
        // card refund is still owed and is sent again or settled in cash.
        {u"SELECT o.order_number, o.currency, o.refunded_cents, COALESCE(r.refunded, 0) FROM orders o "
         "LEFT JOIN (SELECT order_id, SUM(amount_cents) AS refunded FROM refunds GROUP BY order_id) r "
         "ON r.order_id = o.id WHERE o.refunded_cents <> COALESCE(r.refunded, 0) ORDER BY o.id LIMIT 1"_s,
         QT_TRANSLATE_NOOP("IntegrityCheck", "Order %1 is marked refunded %2, but its refunds add "
                                             "up to %3. Restore a backup.")},
        // Shipping given back (a cancellation's) never exceeds what the order
        // charged for it.
        {u"SELECT o.order_number, o.currency, o.shipping_cents, r.shipping FROM orders o "
         "JOIN (SELECT order_id, SUM(shipping_cents) AS shipping FROM refunds WHERE shipping_cents > 0 "
         "GROUP BY order_id) r ON r.order_id = o.id WHERE r.shipping > o.shipping_cents ORDER BY o.id LIMIT 1"_s,
         QT_TRANSLATE_NOOP("IntegrityCheck", "Order %1 charged %2 for shipping, but its refunds give "
                                             "%3 of shipping back. Restore a backup.")},
    }};
    for (const Mismatch &mismatch : mismatches) {
        Result<QSqlQuery> rows = connection.exec(mismatch.sql);
        if (!rows)
            return failed(check, rows.error());
        QSqlQuery &row = rows.value();
        if (row.next()) {
            const QString currency = row.value(1).toString();
            return {check, false,
                    QCoreApplication::translate("IntegrityCheck", mismatch.message)
                        .arg(row.value(0).toString(), amount(row.value(2).toLongLong(), currency),
                             amount(row.value(3).toLongLong(), currency))};
        }
    }
    Result<qint64> payments = countOf(connection, u"payments"_s);
    if (!payments)
        return failed(check, payments.error());
    return {check, true,
            QCoreApplication::translate("IntegrityCheck", "Every order's paid and refunded amounts match its payments "
                                                          "and refunds (%1 payments).")
                .arg(payments.value())};
}

Finding SalesIntegrity::receiptNumbers(Connection &connection)
{
    const QString check = u"receipts.gapless"_s;
    // The unique (register, receipt number) index rules out duplicates, so
    // n numbers from 1 to n leave no gap.
    Result<QSqlQuery> rows = connection.exec(
        u"SELECT r.id, r.code, r.next_receipt_number, COUNT(o.id), COALESCE(MIN(o.receipt_number), 0), "
        "COALESCE(MAX(o.receipt_number), 0) FROM registers r "
        "LEFT JOIN orders o ON o.register_id = r.id AND o.receipt_number IS NOT NULL "
        "GROUP BY r.id, r.code, r.next_receipt_number ORDER BY r.id"_s);
    if (!rows)
        return failed(check, rows.error());
    qint64 receipts = 0;
    while (rows.value().next()) {
        const QSqlQuery &row = rows.value();
        const qint64 registerId = row.value(0).toLongLong();
        const QString code = row.value(1).toString();
        const qint64 next = row.value(2).toLongLong();
        const qint64 count = row.value(3).toLongLong();
        const qint64 lowest = row.value(4).toLongLong();
        const qint64 highest = row.value(5).toLongLong();
        receipts += count;
        if (count > 0 && (lowest != 1 || highest != count)) {
            Result<QVariant> missing = connection.scalar(
                u"SELECT MIN(n) FROM (SELECT 1 AS n WHERE NOT EXISTS (SELECT 1 FROM orders WHERE register_id = ? "
                "AND receipt_number = 1) UNION ALL SELECT o.receipt_number + 1 FROM orders o WHERE o.register_id = ? "
                "AND o.receipt_number < ? AND NOT EXISTS (SELECT 1 FROM orders o2 WHERE o2.register_id = ? "
                "AND o2.receipt_number = o.receipt_number + 1)) gaps"_s,
                {registerId, registerId, highest, registerId});
            if (!missing)
                return failed(check, missing.error());
            return {check, false,
                    QCoreApplication::translate("IntegrityCheck", "Register %1 has no receipt number %2 although "
                                                                  "it printed up to %3. Restore a backup.")
                        .arg(code)
                        .arg(missing.value().toLongLong())
                        .arg(highest)};
        }
        if (next != highest + 1)
            return {check, false,
                    QCoreApplication::translate("IntegrityCheck", "Register %1 printed receipts up to %2, but its "
                                                                  "next receipt number is %3 instead of %4. Restore "
                                                                  "a backup.")
                        .arg(code)
                        .arg(highest)
                        .arg(next)
                        .arg(highest + 1)};
    }
    return {check, true,
            QCoreApplication::translate("IntegrityCheck", "Receipt numbers run without gaps on every register (%1 "
                                                          "receipts).")
                .arg(receipts)};
}

Finding SalesIntegrity::shiftTotals(Connection &connection)
{
    const QString check = u"shifts.totals"_s;
    QMap<qint64, ShiftFigures> stored;
    QMap<qint64, QString> registers;
    QMap<qint64, QString> currencies;
    {
        Result<QSqlQuery> rows = connection.exec(
            u"SELECT s.id, s.sales_count, s.sales_cents, s.tax_cents, s.discount_cents, s.refunds_count, "
            "s.refunds_cents, s.refunded_tax_cents, s.cash_in_cents, s.cash_out_cents, r.code, s.currency "
            "FROM shifts s JOIN registers r ON r.id = s.register_id ORDER BY s.id"_s);
        if (!rows)
            return failed(check, rows.error());
        while (rows.value().next()) {
            ShiftFigures &figures = stored[rows.value().value(0).toLongLong()];
            for (size_t i = 0; i < figures.values.size(); ++i)
                figures.values[i] = rows.value().value(int(i) + 1).toLongLong();
            registers.insert(rows.value().value(0).toLongLong(), rows.value().value(10).toString());
            currencies.insert(rows.value().value(0).toLongLong(), rows.value().value(11).toString());
        }
    }
    // A return with several tenders is one refund in the count: its lines
    // hang on its first refund row.
    QMap<qint64, ShiftFigures> computed;
    if (Status ok = addGrouped(connection,
                               u"SELECT shift_id, COUNT(*), SUM(total_cents), SUM(tax_cents), SUM(discount_cents) "
                               "FROM orders WHERE shift_id IS NOT NULL GROUP BY shift_id"_s,
                               computed, 0, 4);
        !ok)
        return failed(check, ok.error());
    if (Status ok = addGrouped(connection,
                               u"SELECT r.shift_id, SUM(CASE WHEN EXISTS (SELECT 1 FROM refund_lines rl "
                               "WHERE rl.refund_id = r.id) THEN 1 ELSE 0 END), SUM(r.amount_cents), SUM(r.tax_cents) "
                               "FROM refunds r WHERE r.shift_id IS NOT NULL GROUP BY r.shift_id"_s,
                               computed, 4, 3);
        !ok)
        return failed(check, ok.error());
    if (Status ok = addGrouped(connection,
                               u"SELECT shift_id, SUM(CASE WHEN kind = 'in' THEN amount_cents ELSE 0 END), "
                               "SUM(CASE WHEN kind = 'out' THEN amount_cents ELSE 0 END) "
                               "FROM shift_cash_movements GROUP BY shift_id"_s,
                               computed, 7, 2);
        !ok)
        return failed(check, ok.error());
    for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
        const ShiftFigures expected = computed.value(it.key());
        const QString currency = currencies.value(it.key());
        for (size_t i = 0; i < expected.values.size(); ++i) {
            if (it.value().values[i] == expected.values[i])
                continue;
            const bool money = kShiftColumns[i].endsWith(u"_cents");
            const auto shown = [&](qint64 value) { return money ? amount(value, currency) : QString::number(value); };
            return {check, false,
                    QCoreApplication::translate("IntegrityCheck", "Shift %1 on register %2 has %3 = %4 in its "
                                                                  "running totals, but its sales, refunds and cash "
                                                                  "movements make %5. Its X and Z reports are "
                                                                  "wrong; restore a backup.")
                        .arg(QString::number(it.key()), registers.value(it.key()), kShiftColumns[i].toString(),
                             shown(it.value().values[i]), shown(expected.values[i]))};
        }
    }

    using TenderKey = std::pair<qint64, QString>;
    QMap<TenderKey, TenderFigures> tenderStored;
    QMap<TenderKey, TenderFigures> tenderComputed;
    {
        Result<QSqlQuery> rows = connection.exec(
            u"SELECT shift_id, tender, payments_count, taken_cents, refunded_cents FROM shift_tender_totals"_s);
        if (!rows)
            return failed(check, rows.error());
        while (rows.value().next())
            tenderStored.insert({rows.value().value(0).toLongLong(), rows.value().value(1).toString()},
                                {rows.value().value(2).toLongLong(), rows.value().value(3).toLongLong(),
                                 rows.value().value(4).toLongLong()});
    }
    {
        Result<QSqlQuery> rows = connection.exec(
            u"SELECT o.shift_id, p.tender, COUNT(*), SUM(p.amount_cents) FROM payments p "
            "JOIN orders o ON o.id = p.order_id WHERE o.shift_id IS NOT NULL "
            "AND p.status IN ('completed', 'refunded') GROUP BY o.shift_id, p.tender"_s);
        if (!rows)
            return failed(check, rows.error());
        while (rows.value().next()) {
            TenderFigures &figures =
                tenderComputed[{rows.value().value(0).toLongLong(), rows.value().value(1).toString()}];
            figures.count = rows.value().value(2).toLongLong();
            figures.taken = rows.value().value(3).toLongLong();
        }
    }
    {
        Result<QSqlQuery> rows = connection.exec(
            u"SELECT shift_id, tender, SUM(amount_cents) FROM refunds WHERE shift_id IS NOT NULL "
            "GROUP BY shift_id, tender"_s);
        if (!rows)
            return failed(check, rows.error());
        while (rows.value().next())
            tenderComputed[{rows.value().value(0).toLongLong(), rows.value().value(1).toString()}].refunded =
                rows.value().value(2).toLongLong();
    }
    QList<TenderKey> keys = tenderStored.keys();
    for (const TenderKey &key : tenderComputed.keys())
        if (!tenderStored.contains(key))
            keys.append(key);
    for (const TenderKey &key : std::as_const(keys)) {
        const TenderFigures have = tenderStored.value(key);
        const TenderFigures want = tenderComputed.value(key);
        const QString currency = currencies.value(key.first);
        if (have != want)
            return {check, false,
                    QCoreApplication::translate("IntegrityCheck", "Shift %1 on register %2 counts %3 %4 payments "
                                                                  "taking %5 and giving back %6, but its payments and "
                                                                  "refunds make %7 taking %8 and giving back %9. Its "
                                                                  "X and Z reports are wrong; restore a backup.")
                        .arg(QString::number(key.first), registers.value(key.first), QString::number(have.count),
                             key.second, amount(have.taken, currency), amount(have.refunded, currency),
                             QString::number(want.count), amount(want.taken, currency),
                             amount(want.refunded, currency))};
    }
    return {check, true,
            QCoreApplication::translate("IntegrityCheck", "Every shift's running totals match its sales, refunds and "
                                                          "cash movements (%1 shifts).")
                .arg(stored.size())};
}

} // namespace sk
