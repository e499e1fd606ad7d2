#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QStringView>

class QIODevice;

namespace sk {

// Writes RFC 4180 CSV that CsvReader, Excel and Shopify read back exactly:
// UTF-8, CRLF after every record (the last one too), and quotes only where
// a field needs them (docs/csv.md). Each record goes to the device in one
// write(), so nothing is held back and there is nothing to flush.
class CsvWriter {
public:
    enum class ByteOrderMark {
        Omit,  // default: what Shopify exports and what most tools expect
        Write, // lets older Excel versions on Windows detect UTF-8
    };

    // The device must be open for writing and outlive the writer.
    explicit CsvWriter(QIODevice *device, ByteOrderMark byteOrderMark = ByteOrderMark::Omit);

    // Call once, first. Every later record must have as many fields.
    bool writeHeader(const QStringList &columnNames);
    bool writeRecord(const QStringList &fields);

    // Why the last write failed: a translated sentence.
    const QString &errorString() const { return m_errorString; }

    // Whether a field must be enclosed in quotes to survive a round trip.
    static bool needsQuotes(QStringView field);
    // Appends `field`, quoted if needed, as UTF-8 to `out`.
    static void appendField(QByteArray &out, QStringView field);

private:
    bool writeLine(const QStringList &fields);

    QIODevice *m_device = nullptr;
    QByteArray m_line; // reused for every record to avoid an allocation per row
    qsizetype m_columnCount = -1;
    bool m_byteOrderMarkPending = false;
    QString m_errorString;
};

} // namespace sk
