#include "orders/OrderStatus.h"

#include <QTest>
#include <array>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

constexpr std::array<OrderStatus, 7> kAll{OrderStatus::Pending,   OrderStatus::Confirmed, OrderStatus::Processing,
                                          OrderStatus::Shipped,   OrderStatus::Delivered, OrderStatus::Cancelled,
                                          OrderStatus::Refunded};

} // namespace

class TestOrderStatus : public QObject {
    Q_OBJECT

private slots:
    void transitions_data();
    void transitions();
    void namesRoundTrip();
    void unknownNamesAreRefused();
    void refundedIsFinal();
};

// The original platform's machine, spelled out as all 49 pairs: a change to
// what an order may become must change this table.
void TestOrderStatus::transitions_data()
{
    QTest::addColumn<OrderStatus>("from");
    QTest::addColumn<OrderStatus>("to");
    QTest::addColumn<bool>("allowed");
    //                          pending confirmed processing shipped delivered cancelled refunded
    const std::array<std::array<bool, 7>, 7> table{{
        /* pending    */ {false, true,  false, false, false, true,  false},
        /* confirmed  */ {false, false, true,  false, false, true,  false},
        /* processing */ {false, false, false, true,  false, true,  false},
        /* shipped    */ {false, false, false, false, true,  false, false},
        /* delivered  */ {false, false, false, false, false, false, true},
        /* cancelled  */ {false, false, false, false, false, false, true},
        /* refunded   */ {false, false, false, false, false, false, false},
    }};
    for (size_t f = 0; f < kAll.size(); ++f)
        for (size_t t = 0; t < kAll.size(); ++t)
            QTest::addRow("%s->%s", qPrintable(orderStatusName(kAll[f])), qPrintable(orderStatusName(kAll[t])))
                << kAll[f] << kAll[t] << table[f][t];
}

void TestOrderStatus::transitions()
{
    QFETCH(OrderStatus, from);
    QFETCH(OrderStatus, to);
    QFETCH(bool, allowed);

    QCOMPARE(canTransition(from, to), allowed);
    QCOMPARE(allowedNextStatuses(from).contains(to), allowed);
    const Status checked = checkTransition(from, to);
    QCOMPARE(checked.ok(), allowed);
    if (allowed)
        return;
    QCOMPARE(checked.error().code, ErrorCode::Conflict);
    const QString sentence = checked.error().message;
    QVERIFY2(sentence.contains(orderStatusTitle(from)), qPrintable(sentence));
    const QList<OrderStatus> next = allowedNextStatuses(from);
    for (OrderStatus status : next)
        QVERIFY2(sentence.contains(orderStatusTitle(status)), qPrintable(sentence));
    if (next.isEmpty())
        QVERIFY2(sentence.contains(u"refunded is final"_s), qPrintable(sentence));
    QVERIFY2(sentence.endsWith(u'.'), qPrintable(sentence));
}

void TestOrderStatus::namesRoundTrip()
{
    const QStringList expected{u"pending"_s,   u"confirmed"_s, u"processing"_s, u"shipped"_s,
                               u"delivered"_s, u"cancelled"_s, u"refunded"_s};
    for (size_t i = 0; i < kAll.size(); ++i) {
        QCOMPARE(orderStatusName(kAll[i]), expected.at(int(i)));
        QCOMPARE(orderStatusFromName(expected.at(int(i))), std::optional<OrderStatus>(kAll[i]));
        QVERIFY(!orderStatusTitle(kAll[i]).isEmpty());
    }
}

void TestOrderStatus::unknownNamesAreRefused()
{
    QCOMPARE(orderStatusFromName(u"Delivered"_s), std::optional<OrderStatus>());
    QCOMPARE(orderStatusFromName(u""_s), std::optional<OrderStatus>());
    QCOMPARE(orderStatusFromName(u"returned"_s), std::optional<OrderStatus>());
}

void TestOrderStatus::refundedIsFinal()
{
    QVERIFY(allowedNextStatuses(OrderStatus::Refunded).isEmpty());
    const Status checked = checkTransition(OrderStatus::Refunded, OrderStatus::Delivered);
    QVERIFY(!checked.ok());
    QVERIFY2(checked.error().message.contains(u"refunded is final"_s), qPrintable(checked.error().message));
}

QTEST_GUILESS_MAIN(TestOrderStatus)
#include "tst_orderstatus.moc"
