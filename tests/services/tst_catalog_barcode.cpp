#include "catalog/Barcode.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

Q_DECLARE_METATYPE(sk::Barcode::Kind)

class TestCatalogBarcode : public QObject {
    Q_OBJECT

private slots:
    void kinds_data();
    void kinds();
    void checkDigit_data();
    void checkDigit();
};

void TestCatalogBarcode::kinds_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<Barcode::Kind>("kind");
    QTest::newRow("EAN-13") << u"4006381333931"_s << Barcode::Kind::Ean13;
    QTest::newRow("EAN-13 check 0") << u"5901234123457"_s << Barcode::Kind::Ean13;
    QTest::newRow("EAN-13 spaces around") << u" 4006381333931 "_s << Barcode::Kind::Ean13;
    QTest::newRow("EAN-13 wrong check") << u"4006381333932"_s << Barcode::Kind::Invalid;
    QTest::newRow("EAN-13 swapped digits") << u"4006383133931"_s << Barcode::Kind::Invalid;
    QTest::newRow("EAN-8") << u"96385074"_s << Barcode::Kind::Ean8;
    QTest::newRow("EAN-8 wrong check") << u"96385075"_s << Barcode::Kind::Invalid;
    QTest::newRow("UPC-A") << u"036000291452"_s << Barcode::Kind::UpcA;
    QTest::newRow("UPC-A wrong check") << u"036000291453"_s << Barcode::Kind::Invalid;
    QTest::newRow("letters") << u"40063813339A1"_s << Barcode::Kind::Invalid;
    QTest::newRow("inner space") << u"4006381 33931"_s << Barcode::Kind::Invalid;
    QTest::newRow("11 digits") << u"03600029145"_s << Barcode::Kind::Invalid;
    QTest::newRow("14 digits") << u"40063813339310"_s << Barcode::Kind::Invalid;
    QTest::newRow("empty") << QString() << Barcode::Kind::Invalid;
    QTest::newRow("arabic-indic digits") << u"\u0664\u0660\u0660\u0666\u0663\u0668\u0661\u0663\u0663\u0663\u0669\u0663\u0661"_s
                                         << Barcode::Kind::Invalid;
}

void TestCatalogBarcode::kinds()
{
    QFETCH(QString, code);
    QFETCH(Barcode::Kind, kind);
    QCOMPARE(Barcode::kindOf(code), kind);
    QCOMPARE(Barcode::isValid(code), kind != Barcode::Kind::Invalid);
    // A sentence exactly when the code is refused.
    QCOMPARE(Barcode::problem(code).isEmpty(), kind != Barcode::Kind::Invalid);
}

void TestCatalogBarcode::checkDigit_data()
{
    QTest::addColumn<QString>("digits");
    QTest::addColumn<int>("expected");
    QTest::newRow("EAN-13 body") << u"400638133393"_s << 1;
    QTest::newRow("EAN-8 body") << u"9638507"_s << 4;
    QTest::newRow("UPC-A body") << u"03600029145"_s << 2;
    QTest::newRow("all zeros") << u"000000000000"_s << 0;
    QTest::newRow("not digits") << u"12a"_s << -1;
}

void TestCatalogBarcode::checkDigit()
{
    QFETCH(QString, digits);
    QFETCH(int, expected);
    QCOMPARE(Barcode::checkDigit(digits), expected);
}

QTEST_GUILESS_MAIN(TestCatalogBarcode)
#include "tst_catalog_barcode.moc"
