#pragma once

#include "CheckoutShop.h"

#include "db/DatabaseUrl.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace sk::bench {

// What one register process of the checkout scenario was told.
struct CheckoutAssignment {
    int index = 0;
    DatabaseUrl url;
    Till till;
    qint64 clerkId = 0;
    QList<qint64> variantIds;   // the limited stock every register sells from
    int linesPerSale = 5;
    quint64 seed = 0;
};

// What one register did, as it reports it to the parent (one JSON line).
struct CheckoutTotals {
    int index = 0;
    qint64 sales = 0;           // completed sales
    qint64 units = 0;           // units in them
    qint64 conflicts = 0;       // lines refused or shortened: stock gone meanwhile
    qint64 lockFailures = 0;    // calls rolled back on a lock and retried
    qint64 finishedAtNs = 0;    // steady clock when it found everything sold
    QList<double> saleMs;       // each completed sale, from the first call to checkout
    QString failure;            // set when it stopped on an unexpected error

    QByteArray toJson() const;
    static std::optional<CheckoutTotals> fromJson(const QByteArray &line);
};

// A register in a process of its own: opens the database as the application
// does, prints "ready", waits for "go" on stdin, then sells baskets of
// linesPerSale different variants (one unit each, chosen at random among
// those it has not found sold out) through ServiceSale until none is left,
// and prints its totals. Returns the process exit status.
int runCheckoutRegister(const CheckoutAssignment &assignment);

struct CheckoutRegistersRun {
    QList<CheckoutTotals> registers;
    double seconds = 0;         // from "go" until the last register found everything sold
};

// Starts one process per till (this program with registerArguments plus
// each one's register options), lets them open the database, starts them
// at one moment and collects their totals. nullopt after printing why.
std::optional<CheckoutRegistersRun> runCheckoutRegisters(const QString &program, const QStringList &registerArguments,
                                                         const QList<Till> &tills, quint64 seed);

} // namespace sk::bench
