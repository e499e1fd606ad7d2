// Receipts as the register prints them: a PDF from the HTML template, and
// the text for the network printer at the printer's width.

#include "receipts/ReceiptData.h"
#include "register/ReceiptOutput.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

ReceiptData cashSale()
{
    const QString usd = u"USD"_s;
    ReceiptData data;
    data.shopName = u"Corner Shop"_s;
    data.shopAddress = u"12 Market Street"_s;
    data.orderNumber = u"R1-000007"_s;
    data.receiptNumber = 7;
    data.registerName = u"Register 1"_s;
    data.clerkName = u"Chris Clerk"_s;
    data.time = QDateTime::currentDateTimeUtc();
    ReceiptLine mug;
    mug.name = u"Tea mug"_s;
    mug.quantity = 1;
    mug.unitPrice = Money(500, usd);
    mug.subtotal = Money(500, usd);
    mug.discount = Money(0, usd);
    mug.total = Money(540, usd);
    data.lines = {mug};
    data.subtotal = Money(500, usd);
    data.discount = Money(0, usd);
    data.taxes = {{800, Money(500, usd), Money(40, usd)}};
    data.tax = Money(40, usd);
    data.total = Money(540, usd);
    data.tenders = {{u"cash"_s, u"Cash"_s, Money(540, usd), Money(1000, usd), {}, {}}};
    data.change = Money(460, usd);
    data.paidInCash = true;
    return data;
}

} // namespace

class TestReceiptOutput : public QObject {
    Q_OBJECT

private slots:
    void savesAPdf();
    void linesFitThePrinter();
    void onlyCashSalesOpenTheDrawer();
};

void TestReceiptOutput::savesAPdf()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"R1-000007.pdf"_s);
    const Status saved = ReceiptOutput::forReceipt(cashSale()).savePdf(path);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    QFile pdf(path);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QVERIFY(pdf.size() > 1000);
}

void TestReceiptOutput::linesFitThePrinter()
{
    const QList<ReceiptTextLine> lines = ReceiptOutput::forReceipt(cashSale()).lines(32);
    QVERIFY(!lines.isEmpty());
    for (const ReceiptTextLine &line : lines)
        QVERIFY2(line.text.size() <= 32, qPrintable(line.text));
    QVERIFY(ReceiptOutput::forReceipt(cashSale()).html().contains(u"R1-000007"_s));
}

void TestReceiptOutput::onlyCashSalesOpenTheDrawer()
{
    ReceiptData data = cashSale();
    QVERIFY(ReceiptOutput::forReceipt(data).opensDrawer());
    data.reprint = true;
    QVERIFY(!ReceiptOutput::forReceipt(data).opensDrawer());
    data.reprint = false;
    data.paidInCash = false;
    QVERIFY(!ReceiptOutput::forReceipt(data).opensDrawer());
}

QTEST_MAIN(TestReceiptOutput)
#include "tst_receiptoutput.moc"
