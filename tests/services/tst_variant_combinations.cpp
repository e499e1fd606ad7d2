#include "catalog/ProductService.h"
#include "catalog/VariantCombinations.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

// "Size=S,M,L;Colour=Red,Blue"
QList<OptionAxis> axesFrom(const QString &text)
{
    QList<OptionAxis> axes;
    const QStringList parts = text.split(u';', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        OptionAxis axis;
        axis.name = part.section(u'=', 0, 0);
        axis.values = VariantCombinations::splitValues(part.section(u'=', 1));
        axes.append(axis);
    }
    return axes;
}

// "OLD-1:Size=S/Colour=Red;OLD-2:" (the last one without options)
QList<VariantDraft> existingFrom(const QString &text)
{
    QList<VariantDraft> variants;
    const QStringList parts = text.split(u';', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        VariantDraft variant;
        variant.sku = part.section(u':', 0, 0);
        const QStringList options = part.section(u':', 1).split(u'/', Qt::SkipEmptyParts);
        for (const QString &option : options)
            variant.options.insert(option.section(u'=', 0, 0), option.section(u'=', 1));
        variants.append(variant);
    }
    return variants;
}

// "MUG-S-RED" for a new row, "OLD-1@0" for a row that keeps existing variant 0.
QStringList describe(const CombinationPlan &plan)
{
    QStringList rows;
    for (const VariantCombination &row : plan.rows)
        rows.append(row.existingIndex < 0 ? row.sku : row.sku + u'@' + QString::number(row.existingIndex));
    return rows;
}

} // namespace

class TestVariantCombinations : public QObject {
    Q_OBJECT

private slots:
    void plan_data();
    void plan();
    void optionsOfRowsInOrder();
    void refusals_data();
    void refusals();
    void splitValues();
    void valueCode_data();
    void valueCode();
    void longSkusStayValid();
};

void TestVariantCombinations::plan_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("axes");
    QTest::addColumn<QString>("existing");
    QTest::addColumn<QStringList>("taken");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QList<int>>("unmatched");

    QTest::newRow("one option") << u"MUG"_s << u"Size=S, M, L"_s << QString() << QStringList()
                                << QStringList{u"MUG-S"_s, u"MUG-M"_s, u"MUG-L"_s} << QList<int>();
    QTest::newRow("two options, first slowest")
        << u"MUG"_s << u"Size=S,M;Colour=Red,Blue"_s << QString() << QStringList()
        << QStringList{u"MUG-S-RED"_s, u"MUG-S-BLUE"_s, u"MUG-M-RED"_s, u"MUG-M-BLUE"_s} << QList<int>();
    QTest::newRow("existing keep their SKU")
        << u"MUG"_s << u"Size=S,M;Colour=Red,Blue"_s << u"OLD-1:Size=M/Colour=Blue;OLD-2:Size=S/Colour=Red"_s
        << QStringList() << QStringList{u"OLD-2@1"_s, u"MUG-S-BLUE"_s, u"MUG-M-RED"_s, u"OLD-1@0"_s} << QList<int>();
    QTest::newRow("matching ignores case and spaces")
        << u"MUG"_s << u"Size=S,M"_s << u"OLD-1:size= m "_s << QStringList()
        << QStringList{u"MUG-S"_s, u"OLD-1@0"_s} << QList<int>();
    QTest::newRow("a new option takes its first value")
        << u"TEE"_s << u"Size=S,M;Colour=Red,Blue"_s << u"TEE-S:Size=S;TEE-M:Size=M"_s << QStringList()
        << QStringList{u"TEE-S@0"_s, u"TEE-S-BLUE"_s, u"TEE-M@1"_s, u"TEE-M-BLUE"_s} << QList<int>();
    QTest::newRow("the default variant becomes the first")
        << u"CAP"_s << u"Colour=Black,White"_s << u"CAP:"_s << QStringList()
        << QStringList{u"CAP@0"_s, u"CAP-WHITE"_s} << QList<int>();
    QTest::newRow("a kept variant without a SKU gets one")
        << u"CAP"_s << u"Colour=Black,White"_s << u":"_s << QStringList()
        << QStringList{u"CAP-BLACK@0"_s, u"CAP-WHITE"_s} << QList<int>();
    QTest::newRow("values no longer offered")
        << u"MUG"_s << u"Size=S,M"_s << u"MUG-XL:Size=XL;MUG-S:Size=S"_s << QStringList()
        << QStringList{u"MUG-S@1"_s, u"MUG-M"_s} << QList<int>{0};
    QTest::newRow("an option removed")
        << u"MUG"_s << u"Size=S"_s << u"A:Size=S/Colour=Red"_s << QStringList() << QStringList{u"MUG-S"_s}
        << QList<int>{0};
    QTest::newRow("two existing for one combination")
        << u"MUG"_s << u"Size=S"_s << u"A:Size=S;B:size=s"_s << QStringList() << QStringList{u"A@0"_s}
        << QList<int>{1};
    QTest::newRow("suggestions avoid taken SKUs, any case")
        << u"MUG"_s << u"Size=S,M"_s << u"mug-m:Colour=Red"_s << QStringList{u"mug-s"_s}
        << QStringList{u"MUG-S-2"_s, u"MUG-M-2"_s} << QList<int>{0};
    QTest::newRow("accents and spaces in values")
        << u"TEE"_s << u"Farbe=Grün, Dunkel Blau"_s << QString() << QStringList()
        << QStringList{u"TEE-GRUN"_s, u"TEE-DUNKELBLAU"_s} << QList<int>();
    QTest::newRow("values with the same code")
        << u"TEE"_s << u"Size=X-L, XL!, ½"_s << QString() << QStringList()
        << QStringList{u"TEE-XL"_s, u"TEE-XL2"_s, u"TEE-12"_s} << QList<int>();
    QTest::newRow("value without letters or digits")
        << u"TEE"_s << u"Mark=★, ✓"_s << QString() << QStringList() << QStringList{u"TEE-1"_s, u"TEE-2"_s}
        << QList<int>();
}

void TestVariantCombinations::plan()
{
    QFETCH(QString, base);
    QFETCH(QString, axes);
    QFETCH(QString, existing);
    QFETCH(QStringList, taken);
    QFETCH(QStringList, rows);
    QFETCH(QList<int>, unmatched);
    const QSet<QString> takenSet(taken.begin(), taken.end());
    const Result<CombinationPlan> plan =
        VariantCombinations::plan(base, axesFrom(axes), existingFrom(existing), takenSet);
    QVERIFY2(plan.ok(), qPrintable(plan.ok() ? QString() : plan.error().message));
    QCOMPARE(describe(plan.value()), rows);
    QCOMPARE(plan->unmatchedExisting, unmatched);
    for (const VariantCombination &row : plan->rows)
        QVERIFY2(ProductService::skuProblem(row.sku).isEmpty(), qPrintable(row.sku));
}

void TestVariantCombinations::optionsOfRowsInOrder()
{
    const Result<CombinationPlan> plan =
        VariantCombinations::plan(u"MUG"_s, axesFrom(u" Size = S,M; Colour=Red"_s), {});
    QVERIFY(plan.ok());
    QCOMPARE(plan->rows.size(), 2);
    QCOMPARE(plan->rows[0].options, (QJsonObject{{u"Size"_s, u"S"_s}, {u"Colour"_s, u"Red"_s}}));
    QCOMPARE(plan->rows[1].options, (QJsonObject{{u"Size"_s, u"M"_s}, {u"Colour"_s, u"Red"_s}}));
    // The same input gives the same plan.
    QCOMPARE(describe(VariantCombinations::plan(u"MUG"_s, axesFrom(u" Size = S,M; Colour=Red"_s), {}).value()),
             describe(plan.value()));
}

void TestVariantCombinations::refusals_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("axes");
    QTest::addColumn<QString>("message");

    QTest::newRow("no base SKU") << QString() << u"Size=S"_s << u"Base SKU: enter a SKU."_s;
    QTest::newRow("base SKU with a space") << u"MU G"_s << u"Size=S"_s
                                           << u"Base SKU: the SKU \"MU G\" may contain only letters A-Z, digits and "
                                              "punctuation, without spaces."_s;
    QTest::newRow("no option") << u"MUG"_s << QString()
                               << u"Add at least one option, such as Size with the values S, M, L."_s;
    QTest::newRow("option without a name") << u"MUG"_s << u"=S,M"_s
                                           << u"Every option needs a name, such as Size or Colour."_s;
    QTest::newRow("option twice") << u"MUG"_s << u"Size=S;size=M"_s
                                  << u"The option \"size\" is listed twice. Give each option its own name."_s;
    QTest::newRow("value twice") << u"MUG"_s << u"Size=S,M,s"_s << u"The value \"s\" is listed twice for Size."_s;
    QTest::newRow("no values") << u"MUG"_s << u"Size= , ,"_s
                               << u"Enter the values of Size, separated by commas (for example S, M, L)."_s;
    QString many = u"A=1,2,3,4,5,6,7,8,9,10;B=1,2,3,4,5,6,7,8,9,10;C=1,2,3,4,5,6,7,8,9,10;D=1,2"_s;
    QTest::newRow("too many") << u"MUG"_s << many << u"These options make more than 1000 variants. Use fewer values."_s;
}

void TestVariantCombinations::refusals()
{
    QFETCH(QString, base);
    QFETCH(QString, axes);
    QFETCH(QString, message);
    const Result<CombinationPlan> plan = VariantCombinations::plan(base, axesFrom(axes), {});
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().code, ErrorCode::InvalidInput);
    QCOMPARE(plan.error().message, message);
}

void TestVariantCombinations::splitValues()
{
    QCOMPARE(VariantCombinations::splitValues(u" S, M ,L,, "_s), (QStringList{u"S"_s, u"M"_s, u"L"_s}));
    QCOMPARE(VariantCombinations::splitValues(QString()), QStringList());
    QCOMPARE(VariantCombinations::splitValues(u"Navy blue"_s), QStringList{u"Navy blue"_s});
}

void TestVariantCombinations::valueCode_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("code");
    QTest::newRow("plain") << u"Red"_s << u"RED"_s;
    QTest::newRow("spaces and punctuation") << u"Extra large (XL)"_s << u"EXTRALARGEXL"_s;
    QTest::newRow("accents") << u"Crème brûlée"_s << u"CREMEBRULEE"_s;
    QTest::newRow("digits") << u"42.5"_s << u"425"_s;
    QTest::newRow("other scripts") << u"красный"_s << QString();
    QTest::newRow("cut to twelve") << u"Abcdefghijklmnop"_s << u"ABCDEFGHIJKL"_s;
}

void TestVariantCombinations::valueCode()
{
    QFETCH(QString, value);
    QFETCH(QString, code);
    QCOMPARE(VariantCombinations::valueCode(value), code);
}

void TestVariantCombinations::longSkusStayValid()
{
    const QString base(60, u'B');
    const Result<CombinationPlan> plan =
        VariantCombinations::plan(base, axesFrom(u"Size=Small,Smaller;Colour=Red"_s), {});
    QVERIFY(plan.ok());
    QSet<QString> seen;
    for (const VariantCombination &row : plan->rows) {
        QVERIFY2(ProductService::skuProblem(row.sku).isEmpty(), qPrintable(row.sku));
        QVERIFY(!seen.contains(row.sku.toUpper()));
        seen.insert(row.sku.toUpper());
    }
}

QTEST_GUILESS_MAIN(TestVariantCombinations)
#include "tst_variant_combinations.moc"
