#include "catalog/CsvReader.h"
#include "catalog/CsvWriter.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using sk::CsvErrorKind;
using sk::CsvReader;
using sk::CsvRecord;
using sk::CsvStatus;
using sk::CsvWriter;

namespace {

// The case files live in the source tree; tests/CMakeLists.txt passes no
// path, so find them relative to this source file.
QDir caseDirectory()
{
    QDir dir = QFileInfo(QString::fromUtf8(__FILE__)).dir();
    dir.cd(u"../data/csv"_s);
    return dir;
}

const QHash<QString, CsvErrorKind> &errorKindsByName()
{
    static const QHash<QString, CsvErrorKind> kinds = {
        {u"ReadFailed"_s, CsvErrorKind::ReadFailed},
        {u"EmptyFile"_s, CsvErrorKind::EmptyFile},
        {u"MissingHeader"_s, CsvErrorKind::MissingHeader},
        {u"EmptyColumnName"_s, CsvErrorKind::EmptyColumnName},
        {u"DuplicateColumn"_s, CsvErrorKind::DuplicateColumn},
        {u"QuoteInUnquotedField"_s, CsvErrorKind::QuoteInUnquotedField},
        {u"TextAfterClosingQuote"_s, CsvErrorKind::TextAfterClosingQuote},
        {u"UnterminatedQuote"_s, CsvErrorKind::UnterminatedQuote},
        {u"TooFewFields"_s, CsvErrorKind::TooFewFields},
        {u"TooManyFields"_s, CsvErrorKind::TooManyFields},
        {u"InvalidUtf8"_s, CsvErrorKind::InvalidUtf8},
        {u"FieldTooLarge"_s, CsvErrorKind::FieldTooLarge},
        {u"RecordTooLarge"_s, CsvErrorKind::RecordTooLarge},
        {u"Cancelled"_s, CsvErrorKind::Cancelled},
    };
    return kinds;
}

QStringList toStringList(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        list.append(item.toString());
    return list;
}

// Hands out at most one byte per read(), like a slow pipe, so every chunk
// boundary case in the reader (CR|LF, quote|quote, BOM) is exercised.
class TrickleDevice : public QIODevice {
public:
    explicit TrickleDevice(QByteArray data)
        : m_data(std::move(data))
    {
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_data.size() - m_offset + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_offset >= m_data.size() || maxSize <= 0)
            return 0;
        data[0] = m_data.at(m_offset++);
        return 1;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qsizetype m_offset = 0;
};

// Compares the reader's error with {"kind": ..., "line": ...}; the message
// must be a sentence that names the line, so a report can be read alone.
void verifyError(const CsvReader &reader, const QJsonObject &expected)
{
    const QString kindName = expected.value(u"kind"_s).toString();
    QVERIFY2(errorKindsByName().contains(kindName), qPrintable(kindName));
    QCOMPARE(reader.error().kind, errorKindsByName().value(kindName));
    QCOMPARE(reader.error().line, expected.value(u"line"_s).toInteger());
    QVERIFY(!reader.error().message.isEmpty());
    if (reader.error().line > 0)
        QVERIFY2(reader.error().message.contains(QString::number(reader.error().line)),
                 qPrintable(reader.error().message));
}

QString randomField(QRandomGenerator &random)
{
    static const QList<QString> pieces = {
        u","_s, u"\""_s, u"\"\""_s, u"\n"_s, u"\r\n"_s, u"\r"_s, u" "_s, u"\t"_s, u"a"_s, u"Mug"_s,
        u"12\" ruler"_s, u"é"_s, u"€"_s, u"日本"_s, u"🛒"_s, u"<p>x</p>"_s, u"'"_s, u";"_s, QString(QChar(0xFEFF)),
    };
    if (random.bounded(6) == 0)
        return {};
    QString field;
    const int count = random.bounded(1, 8);
    for (int i = 0; i < count; ++i)
        field += pieces.at(random.bounded(int(pieces.size())));
    return field;
}

} // namespace

class TestCsv : public QObject {
    Q_OBJECT

private slots:
    void caseFiles_data();
    void caseFiles();

    void writerQuoting_data();
    void writerQuoting();
    void writerLineEndsAndByteOrderMark();
    void writerRefusesRaggedRows();
    void roundTripRandomFields_data();
    void roundTripRandomFields();

    void fieldOverLimitIsAnError();
    void tooManyFieldsIsAnError();
    void columnIndexIgnoresCase();
    void progressAndStop();
};

void TestCsv::caseFiles_data()
{
    QTest::addColumn<QString>("csvPath");
    QTest::addColumn<bool>("byteByByte");

    const QDir dir = caseDirectory();
    const QStringList names = dir.entryList({u"*.csv"_s}, QDir::Files, QDir::Name);
    QVERIFY2(names.size() >= 20, qPrintable(dir.absolutePath()));
    for (const QString &name : names) {
        const QString path = dir.filePath(name);
        QTest::addRow("%s", qPrintable(name)) << path << false;
        QTest::addRow("%s byte by byte", qPrintable(name)) << path << true;
    }
}

void TestCsv::caseFiles()
{
    QFETCH(QString, csvPath);
    QFETCH(bool, byteByByte);

    QFile jsonFile(csvPath.chopped(4) + u".json"_s);
    QVERIFY2(jsonFile.open(QIODevice::ReadOnly), qPrintable(jsonFile.fileName()));
    QJsonParseError parseError;
    const QJsonObject expected = QJsonDocument::fromJson(jsonFile.readAll(), &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);

    QFile csvFile(csvPath);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QByteArray bytes = csvFile.readAll();
    QBuffer buffer;
    buffer.setData(bytes);
    TrickleDevice trickle(bytes);
    QIODevice *device = byteByByte ? static_cast<QIODevice *>(&trickle) : &buffer;
    QVERIFY(device->open(QIODevice::ReadOnly | QIODevice::Unbuffered));

    CsvReader reader(device);
    QCOMPARE(reader.totalBytes(), byteByByte ? -1 : bytes.size());

    const CsvStatus headerStatus = reader.readHeader();
    if (expected.contains(u"headerError"_s)) {
        QCOMPARE(headerStatus, CsvStatus::BadRecord);
        verifyError(reader, expected.value(u"headerError"_s).toObject());
    } else if (!expected.contains(u"header"_s)) {
        QCOMPARE(headerStatus, CsvStatus::Failed);
        verifyError(reader, expected.value(u"end"_s).toObject());
        CsvRecord record;
        QCOMPARE(reader.readRecord(record), CsvStatus::Failed);
        return;
    } else {
        QCOMPARE(headerStatus, CsvStatus::Record);
        QCOMPARE(reader.error().kind, CsvErrorKind::None);
    }
    QCOMPARE(reader.header(), toStringList(expected.value(u"header"_s)));

    const QJsonArray records = expected.value(u"records"_s).toArray();
    CsvRecord record;
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QJsonObject want = records.at(i).toObject();
        const CsvStatus status = reader.readRecord(record);
        if (want.contains(u"error"_s)) {
            QCOMPARE(status, CsvStatus::BadRecord);
            verifyError(reader, want.value(u"error"_s).toObject());
        } else {
            QCOMPARE(status, CsvStatus::Record);
            QCOMPARE(reader.error().kind, CsvErrorKind::None);
        }
        QCOMPARE(record.line, want.value(u"line"_s).toInteger());
        if (want.contains(u"fields"_s))
            QCOMPARE(record.fields, toStringList(want.value(u"fields"_s)));
    }

    const CsvStatus endStatus = reader.readRecord(record);
    if (expected.contains(u"end"_s)) {
        QCOMPARE(endStatus, CsvStatus::Failed);
        verifyError(reader, expected.value(u"end"_s).toObject());
        QCOMPARE(reader.readRecord(record), CsvStatus::Failed); // a failure is final
    } else {
        QCOMPARE(endStatus, CsvStatus::EndOfFile);
        QCOMPARE(reader.bytesRead(), bytes.size());
        QCOMPARE(reader.readRecord(record), CsvStatus::EndOfFile);
    }
}

void TestCsv::writerQuoting_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QByteArray>("encoded");

    QTest::newRow("plain") << u"Mug"_s << QByteArray("Mug");
    QTest::newRow("empty") << QString() << QByteArray("");
    QTest::newRow("comma") << u"a,b"_s << QByteArray("\"a,b\"");
    QTest::newRow("quote") << u"12\" ruler"_s << QByteArray("\"12\"\" ruler\"");
    QTest::newRow("lf") << u"a\nb"_s << QByteArray("\"a\nb\"");
    QTest::newRow("cr") << u"a\rb"_s << QByteArray("\"a\rb\"");
    QTest::newRow("leading space") << u" a"_s << QByteArray("\" a\"");
    QTest::newRow("trailing space") << u"a "_s << QByteArray("\"a \"");
    QTest::newRow("inner space") << u"a b"_s << QByteArray("a b");
    QTest::newRow("semicolon") << u"a;b"_s << QByteArray("a;b");
    QTest::newRow("unicode") << u"Café €"_s << QByteArray("Caf\xc3\xa9 \xe2\x82\xac");
    QTest::newRow("leading bom") << QString(QChar(0xFEFF)) + u"x"_s << QByteArray("\"\xef\xbb\xbfx\"");
}

void TestCsv::writerQuoting()
{
    QFETCH(QString, field);
    QFETCH(QByteArray, encoded);

    QByteArray out;
    CsvWriter::appendField(out, field);
    QCOMPARE(out, encoded);
}

void TestCsv::writerLineEndsAndByteOrderMark()
{
    QBuffer plain;
    QVERIFY(plain.open(QIODevice::WriteOnly));
    CsvWriter writer(&plain);
    QVERIFY(writer.writeHeader({u"sku"_s, u"name"_s}));
    QVERIFY(writer.writeRecord({u"A-1"_s, u"Mug, large"_s}));
    QCOMPARE(plain.data(), QByteArray("sku,name\r\nA-1,\"Mug, large\"\r\n"));

    QBuffer withMark;
    QVERIFY(withMark.open(QIODevice::WriteOnly));
    CsvWriter markedWriter(&withMark, CsvWriter::ByteOrderMark::Write);
    QVERIFY(markedWriter.writeHeader({u"sku"_s}));
    QVERIFY(markedWriter.writeRecord({QString()})); // must not become a blank line
    QVERIFY(markedWriter.writeRecord({u"A-2"_s}));
    QCOMPARE(withMark.data(), QByteArray("\xef\xbb\xbfsku\r\n\"\"\r\nA-2\r\n"));
}

void TestCsv::writerRefusesRaggedRows()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    CsvWriter writer(&buffer);
    QVERIFY(!writer.writeRecord({u"before header"_s}));
    QVERIFY(!writer.errorString().isEmpty());
    QVERIFY(writer.writeHeader({u"a"_s, u"b"_s}));
    QVERIFY(!writer.writeRecord({u"only one"_s}));
    QVERIFY(!writer.errorString().isEmpty());
    QCOMPARE(buffer.data(), QByteArray("a,b\r\n"));
}

void TestCsv::roundTripRandomFields_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("columns");
    QTest::addColumn<bool>("byteOrderMark");

    for (quint32 seed = 1; seed <= 12; ++seed)
        QTest::addRow("seed %u", seed) << seed << int(1 + seed % 5) << bool(seed % 2);
}

void TestCsv::roundTripRandomFields()
{
    QFETCH(quint32, seed);
    QFETCH(int, columns);
    QFETCH(bool, byteOrderMark);

    QRandomGenerator random(seed);
    QStringList header;
    for (int c = 0; c < columns; ++c)
        header.append(u"Column %1"_s.arg(c + 1));
    QList<QStringList> rows;
    for (int r = 0; r < 300; ++r) {
        QStringList row;
        for (int c = 0; c < columns; ++c)
            row.append(randomField(random));
        rows.append(row);
    }

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    CsvWriter writer(&buffer, byteOrderMark ? CsvWriter::ByteOrderMark::Write : CsvWriter::ByteOrderMark::Omit);
    QVERIFY(writer.writeHeader(header));
    for (const QStringList &row : std::as_const(rows))
        QVERIFY(writer.writeRecord(row));
    buffer.close();

    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(&buffer);
    QCOMPARE(reader.readHeader(), CsvStatus::Record);
    QCOMPARE(reader.header(), header);
    CsvRecord record;
    qint64 previousLine = 1;
    for (const QStringList &row : std::as_const(rows)) {
        QCOMPARE(reader.readRecord(record), CsvStatus::Record);
        QCOMPARE(record.fields, row);
        QVERIFY(record.line > previousLine);
        previousLine = record.line;
    }
    QCOMPARE(reader.readRecord(record), CsvStatus::EndOfFile);
}

void TestCsv::fieldOverLimitIsAnError()
{
    QByteArray data = "sku,description\nA-1,ok\nA-2,\"";
    data.append(QByteArray(CsvReader::kMaxFieldBytes + 1, 'x'));
    data.append("\"\n");
    QBuffer buffer(&data);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(&buffer);
    QCOMPARE(reader.readHeader(), CsvStatus::Record);
    CsvRecord record;
    QCOMPARE(reader.readRecord(record), CsvStatus::Record);
    QCOMPARE(reader.readRecord(record), CsvStatus::Failed);
    QCOMPARE(reader.error().kind, CsvErrorKind::FieldTooLarge);
    QCOMPARE(reader.error().line, 3);

    // Exactly at the limit is still fine.
    QByteArray atLimit = "description\n";
    atLimit.append(QByteArray(CsvReader::kMaxFieldBytes, 'y'));
    QBuffer atLimitBuffer(&atLimit);
    QVERIFY(atLimitBuffer.open(QIODevice::ReadOnly));
    CsvReader atLimitReader(&atLimitBuffer);
    QCOMPARE(atLimitReader.readHeader(), CsvStatus::Record);
    QCOMPARE(atLimitReader.readRecord(record), CsvStatus::Record);
    QCOMPARE(record.fields.front().size(), CsvReader::kMaxFieldBytes);
}

void TestCsv::tooManyFieldsIsAnError()
{
    QByteArray data = "a,b\n1,2\n";
    data.append(QByteArray(CsvReader::kMaxFieldsPerRecord, ','));
    data.append('\n');
    QBuffer buffer(&data);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(&buffer);
    QCOMPARE(reader.readHeader(), CsvStatus::Record);
    CsvRecord record;
    QCOMPARE(reader.readRecord(record), CsvStatus::Record);
    QCOMPARE(reader.readRecord(record), CsvStatus::Failed);
    QCOMPARE(reader.error().kind, CsvErrorKind::RecordTooLarge);
    QCOMPARE(reader.error().line, 3);
}

void TestCsv::columnIndexIgnoresCase()
{
    QByteArray data = "Handle,Variant SKU, Title \n";
    QBuffer buffer(&data);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(&buffer);
    QCOMPARE(reader.readHeader(), CsvStatus::Record);
    QCOMPARE(reader.columnIndex(u"handle"), 0);
    QCOMPARE(reader.columnIndex(u"VARIANT SKU"), 1);
    QCOMPARE(reader.columnIndex(u"Title"), 2);
    QCOMPARE(reader.columnIndex(u"Price"), -1);
}

void TestCsv::progressAndStop()
{
    QByteArray data = "sku,name\r\n";
    for (int i = 0; i < 50'000; ++i)
        data.append("SKU-" + QByteArray::number(i) + ",\"Product, number " + QByteArray::number(i) + "\"\r\n");
    QBuffer buffer(&data);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(&buffer);
    QCOMPARE(reader.totalBytes(), data.size());
    QCOMPARE(reader.readHeader(), CsvStatus::Record);

    CsvRecord record;
    qint64 lastProgress = reader.bytesRead();
    for (int i = 0; i < 20'000; ++i) {
        QCOMPARE(reader.readRecord(record), CsvStatus::Record);
        QVERIFY(reader.bytesRead() >= lastProgress);
        QVERIFY(reader.bytesRead() <= reader.totalBytes());
        lastProgress = reader.bytesRead();
    }
    QCOMPARE(record.line, 20'001);
    QVERIFY(lastProgress > 0 && lastProgress < data.size());

    reader.requestStop();
    QCOMPARE(reader.readRecord(record), CsvStatus::Failed);
    QCOMPARE(reader.error().kind, CsvErrorKind::Cancelled);
    QCOMPARE(reader.error().line, 20'002);
    QVERIFY(reader.error().message.contains(u"20002"_s));
    QCOMPARE(reader.readRecord(record), CsvStatus::Failed);
}

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
