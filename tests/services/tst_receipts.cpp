#include "receipts/EscPosEncoder.h"
#include "receipts/NetworkReceiptPrinter.h"
#include "receipts/ReceiptData.h"
#include "receipts/ReceiptTemplate.h"
#include "receipts/ShiftReportReceipt.h"
#include "sales/ShiftService.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <QCoroTask>

#include <ctime>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

QDir caseDirectory()
{
    QDir dir = QFileInfo(QString::fromUtf8(__FILE__)).dir();
    dir.cd(u"../data/receipts"_s);
    return dir;
}

Money usd(qint64 cents)
{
    return Money(cents, u"USD");
}

// A sale as checkout leaves it: a discounted line with options, a line
// without, two tax rates, a card and a cash tender with change.
ReceiptData sale()
{
    ReceiptData data;
    data.shopName = u"Corner Shop"_s;
    data.shopAddress = u"12 Market Street\nSpringfield"_s;
    data.shopPhone = u"+1 555 0100"_s;
    data.footer = u"Thank you! Returns within 30 days with this receipt."_s;
    data.orderId = 42;
    data.orderNumber = u"R1-000042"_s;
    data.receiptNumber = 42;
    data.registerName = u"Register 1"_s;
    data.clerkName = u"Chris Clerk"_s;
    data.time = QDateTime(QDate(2026, 11, 25), QTime(14, 30), Qt::UTC);

    ReceiptLine shirt;
    shirt.name = u"Linen shirt"_s;
    shirt.options = u"M / Blue"_s;
    shirt.quantity = 2;
    shirt.unitPrice = usd(2999);
    shirt.subtotal = usd(5998);
    shirt.discount = usd(600);
    shirt.discountReason = u"Staff"_s;
    shirt.total = usd(5398 + 432);
    ReceiptLine tea;
    tea.name = u"Sencha green tea, loose leaf, 250 g tin"_s;
    tea.quantity = 1;
    tea.unitPrice = usd(1250);
    tea.subtotal = usd(1250);
    tea.discount = usd(0);
    tea.total = usd(1250 + 63);
    data.lines = {shirt, tea};
    data.subtotal = usd(7248);
    data.discount = usd(600);
    data.taxes = {{500, usd(1250), usd(63)}, {800, usd(5398), usd(432)}};
    data.tax = usd(495);
    data.total = usd(7143);
    data.tenders = {{u"card"_s, u"Card"_s, usd(5000), {}, u"Visa"_s, u"4242"_s},
                    {u"cash"_s, u"Cash"_s, usd(2143), usd(3000), {}, {}}};
    data.change = usd(857);
    data.paidInCash = true;
    return data;
}

} // namespace

class TestReceipts : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void saleRendersToFixedWidthText_data();
    void saleRendersToFixedWidthText();
    void everyLineFitsThePaper_data();
    void everyLineFitsThePaper();
    void sectionsRepeatAndHide();
    void htmlEscapesValues();
    void shiftReportShowsTotalsPerTender();
    void escPosHasInitCodePageBoldCutAndDrawerKick();
    void escPosTransliteratesToTheCodePage();
    void networkPrinterReceivesTheExactBytes();
    void aPrinterThatIsOffIsASentence();
    void noPrinterSetUpIsASentence();
};

void TestReceipts::initTestCase()
{
    // Receipts print local time; the expected files are in UTC.
    qputenv("TZ", "UTC");
    tzset();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestReceipts::saleRendersToFixedWidthText_data()
{
    QTest::addColumn<int>("columns");
    QTest::newRow("42 columns") << 42;
    QTest::newRow("32 columns") << 32;
}

void TestReceipts::saleRendersToFixedWidthText()
{
    QFETCH(int, columns);
    const QString rendered = ReceiptTemplate::builtIn(u"receipt.txt"_s).renderText(sale().toContext(), columns);
    const QString path = caseDirectory().filePath(u"sale-%1.txt"_s.arg(columns));
    QFile expected(path);
    if (!expected.open(QIODevice::ReadOnly)) {
        // A new case: write what is rendered for review, and fail.
        QFile out(path + u".actual"_s);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(rendered.toUtf8());
        QFAIL(qPrintable(u"No expected file %1; wrote %1.actual"_s.arg(path)));
    }
    QCOMPARE(rendered, QString::fromUtf8(expected.readAll()));
}

void TestReceipts::everyLineFitsThePaper_data()
{
    QTest::addColumn<int>("columns");
    QTest::newRow("32") << 32;
    QTest::newRow("42") << 42;
    QTest::newRow("48") << 48;
}

void TestReceipts::everyLineFitsThePaper()
{
    QFETCH(int, columns);
    const QList<ReceiptTextLine> lines =
        ReceiptTemplate::builtIn(u"receipt.txt"_s).renderLines(sale().toContext(), columns);
    QVERIFY(lines.size() > 20);
    for (const ReceiptTextLine &line : lines)
        QVERIFY2(line.text.size() <= columns, qPrintable(line.text));
    // Money is right-aligned: the total ends at the right edge.
    bool sawTotal = false;
    for (const ReceiptTextLine &line : lines) {
        if (line.text.startsWith(u"TOTAL"_s)) {
            QCOMPARE(line.text.size(), columns);
            QVERIFY(line.text.endsWith(u"$71.43"_s));
            QVERIFY(line.bold && line.doubleHeight);
            sawTotal = true;
        }
    }
    QVERIFY(sawTotal);
}

void TestReceipts::sectionsRepeatAndHide()
{
    ReceiptTemplate tmpl(u"{{#items}}\n- {{name}} {{shop}}\n{{/items}}\n{{#empty}}\nhidden\n{{/empty}}\n"
                         "{{^empty}}\nshown\n{{/empty}}\n@pair A || {{amount}}\n"_s);
    const QVariantMap context{{u"shop"_s, u"S"_s},
                              {u"items"_s, QVariantList{QVariantMap{{u"name"_s, u"x"_s}},
                                                        QVariantMap{{u"name"_s, u"y"_s}}}},
                              {u"empty"_s, QString()},
                              {u"amount"_s, u"$1.00"_s}};
    QCOMPARE(tmpl.renderText(context, 24), u"- x S\n- y S\nshown\nA                  $1.00\n"_s);
}

void TestReceipts::htmlEscapesValues()
{
    ReceiptData data = sale();
    data.shopName = u"Tom & Jerry's <Shop>"_s;
    const QString html = ReceiptTemplate::builtIn(u"receipt.html"_s).renderHtml(data.toContext());
    QVERIFY(html.contains(u"Tom &amp; Jerry's &lt;Shop&gt;"_s));
    QVERIFY(html.contains(u"12 Market Street<br>Springfield"_s));
    QVERIFY(html.contains(u"Visa ****4242"_s));
    QVERIFY(html.contains(u"$71.43"_s));
    QVERIFY(!html.contains(u"{{"_s));
}

void TestReceipts::shiftReportShowsTotalsPerTender()
{
    ShiftReport report;
    report.shiftId = 3;
    report.registerName = u"Register 1"_s;
    report.closed = true;
    report.openedByName = u"Chris Clerk"_s;
    report.openedAt = QDateTime(QDate(2026, 11, 25), QTime(8, 0), Qt::UTC);
    report.closedByName = u"Chris Clerk"_s;
    report.closedAt = QDateTime(QDate(2026, 11, 25), QTime(18, 0), Qt::UTC);
    report.openingFloat = usd(10000);
    report.salesCount = 12;
    report.sales = usd(123456);
    report.tax = usd(9145);
    report.discounts = usd(1200);
    report.refundsCount = 1;
    report.refunds = usd(1080);
    report.refundedTax = usd(80);
    report.cashIn = usd(0);
    report.cashOut = usd(2000);
    report.tenders = {{u"cash"_s, 7, usd(45600), usd(1080)}, {u"card"_s, 5, usd(77856), usd(0)}};
    report.expectedCash = usd(10000 + 45600 - 1080 - 2000);
    report.countedCash = usd(52500);
    report.difference = usd(52500 - 52520);
    const QString text =
        ReceiptTemplate::builtIn(u"shift.txt"_s).renderText(ShiftReportReceipt::context(report, u"Corner Shop"_s), 42);
    QVERIFY2(text.contains(u"Z REPORT"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Expected cash                      $525.20\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Difference                          -$0.20\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"  Net                              $445.20\n"_s), qPrintable(text));
    const QString html =
        ReceiptTemplate::builtIn(u"shift.html"_s).renderHtml(ShiftReportReceipt::context(report, u"Corner Shop"_s));
    QVERIFY(html.contains(u"$1,234.56"_s));
    QVERIFY(!html.contains(u"{{"_s));
}

void TestReceipts::escPosHasInitCodePageBoldCutAndDrawerKick()
{
    const QList<ReceiptTextLine> lines{{u"Corner Shop"_s, false, false}, {u"TOTAL   $1.00"_s, true, true}};
    EscPosEncoder::Options options;
    options.openDrawer = true;
    const QByteArray bytes = EscPosEncoder::encode(lines, options);
    const QByteArray init("\x1b@", 2);
    const QByteArray codePage("\x1bt\x13", 3);
    const QByteArray drawer("\x1bp\x00\x19\xfa", 5);
    const QByteArray cut("\x1dV\x00", 3);
    QVERIFY(bytes.startsWith(init + codePage + drawer));
    QVERIFY(bytes.endsWith(QByteArray("\x1b" "d\x04", 3) + cut));
    QVERIFY(bytes.contains(QByteArray("Corner Shop\n")));
    QVERIFY(bytes.contains(QByteArray("\x1b" "E\x01", 3) + QByteArray("\x1d!\x01", 3) + "TOTAL   $1.00\n"));
    // Back to normal print for whatever is printed next.
    QVERIFY(bytes.contains(QByteArray("\x1b" "E\x00", 3) + QByteArray("\x1d!\x00", 3)));

    options.openDrawer = false;
    QVERIFY(!EscPosEncoder::encode(lines, options).contains(drawer));

    // The order number as CODE128 (code set B), for scanning at a return.
    options.barcode = u"R1-000042"_s;
    QVERIFY(EscPosEncoder::encode(lines, options).contains(QByteArray("\x1dk\x49\x0b{BR1-000042\n", 16)));
    options.barcode = u"Ünicode"_s;
    QVERIFY(!EscPosEncoder::encode(lines, options).contains(QByteArray("\x1dk", 2)));
}

void TestReceipts::escPosTransliteratesToTheCodePage()
{
    QCOMPARE(EscPosEncoder::transliterate(u"Café €5"_s, PrinterCodePage::Cp858), QByteArray("Caf\x82 \xd5" "5"));
    QCOMPARE(EscPosEncoder::transliterate(u"Café €5"_s, PrinterCodePage::Cp437), QByteArray("Caf\x82 EUR5"));
    QCOMPARE(EscPosEncoder::transliterate(u"Łódź “x”"_s, PrinterCodePage::Cp437), QByteArray("L\xa2" "dz \"x\""));
    QCOMPARE(EscPosEncoder::transliterate(u"日本\x1b"_s, PrinterCodePage::Cp858), QByteArray("?? "));
}

void TestReceipts::networkPrinterReceivesTheExactBytes()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QByteArray received;
    QTcpSocket *client = nullptr;
    bool closed = false;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        client = server.nextPendingConnection();
        connect(client, &QTcpSocket::readyRead, this, [&] { received += client->readAll(); });
        connect(client, &QTcpSocket::disconnected, this, [&] { closed = true; });
    });
    QByteArray bytes = EscPosEncoder::encode(ReceiptTemplate::builtIn(u"receipt.txt"_s).renderLines(sale().toContext(), 42),
                                             {PrinterCodePage::Cp858, true, true, 4, u"R1-000042"_s});
    NetworkReceiptPrinter printer(u"127.0.0.1"_s, server.serverPort(), std::chrono::milliseconds(3000));
    const Status sent = QCoro::waitFor(printer.send(bytes));
    QVERIFY2(sent.ok(), qPrintable(sent.ok() ? QString() : sent.error().message));
    QTRY_VERIFY(closed);
    QCOMPARE(received, bytes);
}

void TestReceipts::aPrinterThatIsOffIsASentence()
{
    // A port nobody listens on: the connection is refused or times out.
    QTcpServer placeholder;
    QVERIFY(placeholder.listen(QHostAddress::LocalHost));
    const quint16 port = placeholder.serverPort();
    placeholder.close();
    NetworkReceiptPrinter printer(u"127.0.0.1"_s, port, std::chrono::milliseconds(500));
    QElapsedTimer timer;
    timer.start();
    const Status sent = QCoro::waitFor(printer.send(QByteArray("x")));
    QVERIFY(!sent.ok());
    QCOMPARE(sent.error().code, ErrorCode::Unavailable);
    QVERIFY2(sent.error().message.startsWith(u"The receipt printer at 127.0.0.1 does not answer."_s),
             qPrintable(sent.error().message));
    QVERIFY(timer.elapsed() < 5000);
}

void TestReceipts::noPrinterSetUpIsASentence()
{
    NetworkReceiptPrinter printer(u" "_s);
    const Status sent = QCoro::waitFor(printer.send(QByteArray("x")));
    QCOMPARE(sent.error().code, ErrorCode::InvalidInput);
    QVERIFY(sent.error().message.contains(u"Settings"_s));
}

QTEST_GUILESS_MAIN(TestReceipts)
#include "tst_receipts.moc"
