#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QStringDecoder>
#include <QStringView>

#include <atomic>

class QIODevice;

namespace sk {

// Why a CSV file, its header or one of its records was refused.
// docs/csv.md lists, for each kind, whether reading can go on after it.
enum class CsvErrorKind {
    None,
    ReadFailed,            // the device reported an error          (fatal)
    EmptyFile,             // no bytes, only a BOM or blank lines   (fatal)
    MissingHeader,         // line 1 is blank but data follow      (fatal)
    EmptyColumnName,       // a header cell is empty after trimming (fatal)
    DuplicateColumn,       // two header cells name the same column (header still usable)
    QuoteInUnquotedField,  // a"b                                   (record)
    TextAfterClosingQuote, // "a"b                                  (record)
    UnterminatedQuote,     // a quoted field runs to end of file    (fatal)
    TooFewFields,          // fewer fields than the header          (record)
    TooManyFields,         // more fields than the header           (record)
    InvalidUtf8,           // bytes that are not UTF-8              (record)
    FieldTooLarge,         // one field over kMaxFieldBytes          (fatal)
    RecordTooLarge,        // over kMaxFieldsPerRecord fields        (fatal)
    Cancelled,             // requestStop() was called               (fatal)
};

struct CsvError {
    CsvErrorKind kind = CsvErrorKind::None;
    // Physical line (1-based, the header is line 1) where the problem is:
    // the line of the offending byte, or the line where the record or the
    // unterminated quoted field starts. 0 when no line applies.
    qint64 line = 0;
    QString message; // a translated sentence that says what to do

    bool isError() const { return kind != CsvErrorKind::None; }
};

struct CsvRecord {
    qint64 line = 0; // physical line where the record starts
    QStringList fields;
};

enum class CsvStatus {
    Record,    // a well-formed record (or header)
    BadRecord, // a record was read but error() says what is wrong with it; reading may go on
    EndOfFile,
    Failed,    // error() says why; every later call returns Failed again
};

// Streaming RFC 4180 reader: holds one buffer chunk and one record in memory,
// so a file of a million rows costs the same memory as a file of ten.
//
//     CsvReader reader(&file);
//     if (reader.readHeader() == CsvStatus::Failed) return reader.error();
//     CsvRecord record;
//     for (;;) {
//         const CsvStatus status = reader.readRecord(record);
//         if (status == CsvStatus::Record) ...use record...
//         else if (status == CsvStatus::BadRecord) ...report reader.error(), go on...
//         else break; // EndOfFile, or Failed: reader.error()
//     }
//
// Not thread-safe, except requestStop(), which any thread may call.
class CsvReader {
public:
    // Bounds that turn a hostile or broken file (a quote never closed, a
    // binary file) into an error instead of unbounded memory use.
    static constexpr qsizetype kMaxFieldBytes = qsizetype(1) << 20;
    static constexpr qsizetype kMaxFieldsPerRecord = 10'000;

    // The device must be open for reading and outlive the reader.
    explicit CsvReader(QIODevice *device);

    // Reads the first line as column names. Call once, before readRecord().
    // Record: fine. BadRecord: duplicate column names (error() names one);
    // header() is still filled and reading may go on. Failed: no usable header.
    CsvStatus readHeader();

    // Reads the next record, skipping blank lines. On BadRecord `record`
    // holds the fields as parsed so the caller can show them in a report.
    CsvStatus readRecord(CsvRecord &record);

    const QStringList &header() const { return m_header; }
    // Index of a column by name, ignoring case (so duplicates are judged the
    // same way); -1 when absent. The first of duplicated names wins.
    qsizetype columnIndex(QStringView name) const;

    // The latest error; kind None after a good record.
    const CsvError &error() const { return m_error; }

    // Progress for a progress bar. totalBytes() is -1 for sequential devices.
    qint64 bytesRead() const { return m_bufferOffset + m_pos; }
    qint64 totalBytes() const { return m_totalBytes; }

    // Makes the next readRecord() return Failed with kind Cancelled.
    void requestStop() { m_stopRequested.store(true, std::memory_order_relaxed); }

private:
    enum class ParseResult { Record, EndOfFile, Fatal };

    ParseResult parseRecord(QStringList &fields, qint64 &startLine);
    bool fillBuffer();
    void skipByteOrderMark();
    bool appendToField(const char *data, qsizetype size);
    bool finishField(QStringList &fields, QByteArrayView bytes, qint64 fieldLine);
    void noteRecordError(CsvErrorKind kind, qint64 line, qsizetype fieldNumber);
    CsvStatus fail(CsvErrorKind kind, qint64 line, const QString &message);
    CsvStatus failWithKind(CsvErrorKind kind, qint64 line);

    QIODevice *m_device = nullptr;
    QByteArray m_buffer;       // current chunk; m_pos indexes the next unread byte
    qsizetype m_pos = 0;
    qint64 m_bufferOffset = 0; // file offset of m_buffer[0]
    qint64 m_totalBytes = -1;
    qint64 m_line = 1;         // physical line of m_buffer[m_pos]
    bool m_atEnd = false;
    bool m_readFailed = false;
    bool m_headerRead = false;
    bool m_failed = false;

    qsizetype m_fieldCount = 0; // fields finished in the record being parsed
    QByteArray m_field;        // raw bytes of the field being parsed, reused
    // QString::fromUtf8 drops a leading U+FEFF from every field; only the
    // file's own BOM may be dropped, so fields keep theirs.
    QStringDecoder m_fieldDecoder{QStringConverter::Utf8,
                                  QStringConverter::Flag::Stateless | QStringConverter::Flag::ConvertInitialBom};
    CsvError m_recordError;    // first problem seen in the record being parsed
    CsvError m_error;
    QStringList m_header;
    QStringList m_foldedHeader; // case-folded names for columnIndex()
    std::atomic<bool> m_stopRequested = false;
};

} // namespace sk
