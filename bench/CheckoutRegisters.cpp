#include "CheckoutRegisters.h"

#include "CheckoutSale.h"
#include "OversellRegister.h"
#include "RegisterFleet.h"

#include "db/Database.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

void fail(const QString &message)
{
    std::fprintf(stderr, "storekeeper-bench checkout: %s\n", qPrintable(message));
}

Session clerkSession(qint64 clerkId)
{
    Session session;
    session.userId = clerkId;
    session.email = u"register@checkout.bench"_s;
    session.displayName = u"Register"_s;
    session.role = Role::Clerk;
    session.signedInAt = QDateTime::currentDateTimeUtc();
    return session;
}

void report(const CheckoutTotals &totals)
{
    const QByteArray line = totals.toJson();
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

QByteArray CheckoutTotals::toJson() const
{
    QJsonArray times;
    for (double ms : saleMs)
        times.append(ms);
    QJsonObject object{{u"register"_s, index},
                       {u"sales"_s, sales},
                       {u"units"_s, units},
                       {u"conflicts"_s, conflicts},
                       {u"lock_failures"_s, lockFailures},
                       {u"finished_at_ns"_s, QString::number(finishedAtNs)},
                       {u"sale_ms"_s, times}};
    if (!failure.isEmpty())
        object.insert(u"failure"_s, failure);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<CheckoutTotals> CheckoutTotals::fromJson(const QByteArray &line)
{
    const QJsonDocument document = QJsonDocument::fromJson(line);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    if (!object.contains(u"register"_s) || !object.contains(u"units"_s))
        return std::nullopt;
    CheckoutTotals totals;
    totals.index = object.value(u"register"_s).toInt();
    totals.sales = object.value(u"sales"_s).toInteger();
    totals.units = object.value(u"units"_s).toInteger();
    totals.conflicts = object.value(u"conflicts"_s).toInteger();
    totals.lockFailures = object.value(u"lock_failures"_s).toInteger();
    // As text: a JSON number is a double and would round nanoseconds.
    totals.finishedAtNs = object.value(u"finished_at_ns"_s).toString().toLongLong();
    const QJsonArray times = object.value(u"sale_ms"_s).toArray();
    for (const QJsonValue &ms : times)
        totals.saleMs.append(ms.toDouble());
    totals.failure = object.value(u"failure"_s).toString();
    return totals;
}

int runCheckoutRegister(const CheckoutAssignment &assignment)
{
    CheckoutTotals totals;
    totals.index = assignment.index;
    // As the application opens it; the parent has migrated the schema.
    Result<std::shared_ptr<Database>> opened = Database::open(assignment.url, Database::Options{1, true});
    if (!opened) {
        std::fprintf(stderr, "register %d: %s %s\n", assignment.index, qPrintable(opened.error().message),
                     qPrintable(opened.error().details));
        return 1;
    }
    ServiceSale sale(opened.value(), clerkSession(assignment.clerkId), assignment.till);

    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    char go[16];
    if (!std::fgets(go, sizeof go, stdin))
        return 1;

    std::mt19937_64 random(assignment.seed);
    QList<qint64> left = assignment.variantIds;
    while (!left.isEmpty()) {
        // A basket of different items, one of each.
        std::shuffle(left.begin(), left.end(), random);
        QList<SaleLine> basket;
        for (qsizetype i = 0; i < std::min<qsizetype>(assignment.linesPerSale, left.size()); ++i)
            basket.append(SaleLine{left.at(i), 1});
        QElapsedTimer timer;
        timer.start();
        const Result<SaleOutcome> outcome = sale.sell(basket);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (!outcome) {
            totals.failure = outcome.error().message + u' ' + outcome.error().details;
            break;
        }
        totals.conflicts += outcome->conflicts;
        totals.lockFailures += outcome->lockFailures;
        // Stock only goes down while the registers run: gone stays gone.
        for (qint64 variantId : outcome->soldOut)
            left.removeAll(variantId);
        if (outcome->units > 0) {
            ++totals.sales;
            totals.units += outcome->units;
            totals.saleMs.append(ms);
        }
    }
    totals.finishedAtNs = steadyNowNs();
    report(totals);
    return totals.failure.isEmpty() ? 0 : 1;
}

std::optional<CheckoutRegistersRun> runCheckoutRegisters(const QString &program, const QStringList &registerArguments,
                                                         const QList<Till> &tills, quint64 seed)
{
    QList<QStringList> arguments;
    for (qsizetype i = 0; i < tills.size(); ++i) {
        const Till &till = tills.at(i);
        arguments.append(registerArguments
                         + QStringList{u"--register-index"_s, QString::number(i), u"--register-id"_s,
                                       QString::number(till.registerId), u"--register-code"_s, till.code,
                                       u"--location"_s, QString::number(till.locationId), u"--seed"_s,
                                       QString::number(seed + quint64(i))});
    }
    const std::optional<FleetRun> fleet = runRegisterFleet("checkout", program, arguments);
    if (!fleet)
        return std::nullopt;
    CheckoutRegistersRun run;
    qint64 lastFinishedNs = fleet->goNs;
    bool complete = true;
    for (qsizetype i = 0; i < fleet->lastLines.size(); ++i) {
        std::optional<CheckoutTotals> totals = CheckoutTotals::fromJson(fleet->lastLines.at(i));
        if (!totals) {
            fail(u"register %1 ended without its totals."_s.arg(i));
            complete = false;
            continue;
        }
        if (!totals->failure.isEmpty())
            fail(u"register %1 stopped: %2"_s.arg(i).arg(totals->failure));
        lastFinishedNs = std::max(lastFinishedNs, totals->finishedAtNs);
        run.registers.append(*totals);
    }
    if (!complete)
        return std::nullopt;
    run.seconds = double(lastFinishedNs - fleet->goNs) / 1e9;
    return run;
}

} // namespace sk::bench
