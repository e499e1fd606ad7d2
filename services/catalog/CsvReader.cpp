#include "catalog/CsvReader.h"

#include <QCoreApplication>
#include <QIODevice>

#include <cstring>

namespace sk {

namespace {

// Big enough that read() calls cost nothing next to parsing, small enough
// that many concurrent imports stay cheap.
constexpr qint64 kChunkBytes = 256 * 1024;
// How long a sequential device (pipe, socket) may stay silent before we
// treat it as ended.
constexpr int kSequentialWaitMs = 30'000;

// Bytes that end a run of plain field content; a table because this test
// runs for every byte of the file.
struct StopTable {
    bool unquoted[256] = {};
    bool quoted[256] = {};
    constexpr StopTable()
    {
        unquoted[uchar(',')] = unquoted[uchar('"')] = unquoted[uchar('\r')] = unquoted[uchar('\n')] = true;
        quoted[uchar('"')] = quoted[uchar('\r')] = quoted[uchar('\n')] = true;
    }
};
constexpr StopTable kStops;

const char *findStop(const char *begin, const char *end, const bool (&stops)[256])
{
    while (begin < end && !stops[uchar(*begin)])
        ++begin;
    return begin;
}

bool isLineBreak(char c)
{
    return c == '\r' || c == '\n';
}

struct Utf8Check {
    qsizetype firstInvalid = -1; // offset of the first byte that is not UTF-8, or -1
    bool ascii = true;
};

// Validates UTF-8, refusing overlong forms, surrogates and code points above
// U+10FFFF. Hand-written because QString::fromUtf8 silently substitutes
// U+FFFD and Qt exposes no public validator. Plain ASCII, by far the common
// case, is skipped eight bytes at a time.
Utf8Check checkUtf8(const char *text, qsizetype size)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(text);
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, bytes + i, 8);
        if (word & 0x8080808080808080ull)
            break;
    }
    while (i < size && bytes[i] < 0x80)
        ++i;
    if (i == size)
        return {};

    Utf8Check check;
    check.ascii = false;
    while (i < size) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char minSecond = 0x80;
        unsigned char maxSecond = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                minSecond = 0xA0; // overlong
            else if (lead == 0xED)
                maxSecond = 0x9F; // UTF-16 surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                minSecond = 0x90; // overlong
            else if (lead == 0xF4)
                maxSecond = 0x8F; // above U+10FFFF
        } else {
            check.firstInvalid = i;
            return check;
        }
        bool valid = i + length <= size && bytes[i + 1] >= minSecond && bytes[i + 1] <= maxSecond;
        for (int k = 2; valid && k < length; ++k)
            valid = (bytes[i + k] & 0xC0) == 0x80;
        if (!valid) {
            check.firstInvalid = i;
            return check;
        }
        i += length;
    }
    return check;
}

// Line breaks (CRLF, LF or a lone CR) in the first `size` bytes, counted the
// way the reader counts physical lines.
qint64 countLineBreaks(const char *text, qsizetype size)
{
    qint64 breaks = 0;
    for (qsizetype i = 0; i < size; ++i) {
        if (text[i] == '\n')
            ++breaks;
        else if (text[i] == '\r' && (i + 1 >= size || text[i + 1] != '\n'))
            ++breaks;
    }
    return breaks;
}

QString messageFor(CsvErrorKind kind, qint64 line, qsizetype fieldNumber)
{
    switch (kind) {
    case CsvErrorKind::QuoteInUnquotedField:
        return QCoreApplication::translate("CsvReader",
                                           "Line %1: field %2 contains a quote but does not start with one. "
                                           "Enclose the whole field in quotes and double each quote inside it.")
            .arg(line)
            .arg(fieldNumber);
    case CsvErrorKind::TextAfterClosingQuote:
        return QCoreApplication::translate("CsvReader",
                                           "Line %1: field %2 has text after its closing quote. "
                                           "Double each quote inside a quoted field, or put a comma after the closing quote.")
            .arg(line)
            .arg(fieldNumber);
    case CsvErrorKind::InvalidUtf8:
        return QCoreApplication::translate("CsvReader",
                                           "Line %1 contains characters that are not valid UTF-8. "
                                           "Save the file as \"CSV UTF-8\" and import it again.")
            .arg(line);
    case CsvErrorKind::UnterminatedQuote:
        return QCoreApplication::translate("CsvReader",
                                           "Line %1: a quoted field starts here but its closing quote is missing "
                                           "before the end of the file. The file may be cut short; export it again.")
            .arg(line);
    case CsvErrorKind::FieldTooLarge:
        return QCoreApplication::translate("CsvReader",
                                           "Line %1: field %2 is longer than %3 MiB. "
                                           "A quote is probably missing its closing partner; check the line.")
            .arg(line)
            .arg(fieldNumber)
            .arg(CsvReader::kMaxFieldBytes >> 20);
    case CsvErrorKind::RecordTooLarge:
        return QCoreApplication::translate("CsvReader",
                                           "Line %1 has more than %2 fields. Check that this is a CSV file "
                                           "separated by commas.")
            .arg(line)
            .arg(CsvReader::kMaxFieldsPerRecord);
    case CsvErrorKind::EmptyFile:
        return QCoreApplication::translate("CsvReader",
                                           "The file is empty. Choose a CSV file whose first line names the columns.");
    case CsvErrorKind::MissingHeader:
        return QCoreApplication::translate("CsvReader",
                                           "Line %1 is empty. The first line of the file must name the columns.")
            .arg(line);
    case CsvErrorKind::Cancelled:
        return QCoreApplication::translate("CsvReader", "Reading stopped at line %1 because it was cancelled.")
            .arg(line);
    case CsvErrorKind::None:
    case CsvErrorKind::ReadFailed:
    case CsvErrorKind::EmptyColumnName:
    case CsvErrorKind::DuplicateColumn:
    case CsvErrorKind::TooFewFields:
    case CsvErrorKind::TooManyFields:
        break; // these need more context; their callers build the message
    }
    return {};
}

} // namespace

CsvReader::CsvReader(QIODevice *device)
    : m_device(device)
{
    Q_ASSERT(m_device && m_device->isReadable());
    if (!m_device->isSequential())
        m_totalBytes = m_device->size() - m_device->pos();
}

bool CsvReader::fillBuffer()
{
    if (m_pos < m_buffer.size())
        return true;
    if (m_atEnd)
        return false;
    m_bufferOffset += m_buffer.size();
    m_pos = 0;
    m_buffer.resize(kChunkBytes); // keeps its capacity, so no allocation per chunk
    qint64 got = m_device->read(m_buffer.data(), kChunkBytes);
    while (got == 0 && m_device->isSequential() && !m_device->atEnd()
           && m_device->waitForReadyRead(kSequentialWaitMs))
        got = m_device->read(m_buffer.data(), kChunkBytes);
    if (got <= 0) {
        m_buffer.resize(0);
        m_atEnd = true;
        m_readFailed = got < 0;
        return false;
    }
    m_buffer.resize(got);
    return true;
}

void CsvReader::skipByteOrderMark()
{
    // A sequential device may hand out fewer than three bytes at a time.
    while (m_buffer.size() - m_pos < 3) {
        const QByteArray kept = m_buffer.mid(m_pos);
        const qint64 keptOffset = m_bufferOffset + m_pos;
        m_pos = m_buffer.size();
        if (!fillBuffer()) {
            m_buffer = kept;
            m_bufferOffset = keptOffset;
            m_pos = 0;
            break;
        }
        m_buffer.prepend(kept);
        m_bufferOffset = keptOffset;
    }
    if (m_buffer.size() - m_pos >= 3 && std::memcmp(m_buffer.constData() + m_pos, "\xEF\xBB\xBF", 3) == 0)
        m_pos += 3;
}

bool CsvReader::appendToField(const char *data, qsizetype size)
{
    m_field.append(data, size);
    return m_field.size() <= kMaxFieldBytes;
}

void CsvReader::noteRecordError(CsvErrorKind kind, qint64 line, qsizetype fieldNumber)
{
    // The first problem in a record is the one worth reporting; later ones
    // are usually consequences of it.
    if (!m_recordError.isError())
        m_recordError = CsvError{kind, line, messageFor(kind, line, fieldNumber)};
}

bool CsvReader::finishField(QStringList &fields, QByteArrayView bytes, qint64 fieldLine)
{
    const Utf8Check check = checkUtf8(bytes.data(), bytes.size());
    if (check.firstInvalid >= 0)
        noteRecordError(CsvErrorKind::InvalidUtf8, fieldLine + countLineBreaks(bytes.data(), check.firstInvalid),
                        m_fieldCount + 1);

    // Decode into the string left in this slot by the previous record: an
    // unshared QString that is large enough is reused without allocating.
    QString &target = m_fieldCount < fields.size() ? fields[m_fieldCount] : fields.emplace_back();
    ++m_fieldCount;
    target.resize(bytes.size()); // UTF-16 never needs more units than UTF-8 has bytes
    if (check.ascii) {
        char16_t *out = reinterpret_cast<char16_t *>(target.data());
        for (qsizetype i = 0; i < bytes.size(); ++i)
            out[i] = char16_t(uchar(bytes[i]));
    } else {
        const QChar *end = m_fieldDecoder.appendToBuffer(target.data(), bytes);
        target.resize(end - target.constData());
    }
    m_field.resize(0);
    return m_fieldCount <= kMaxFieldsPerRecord;
}

CsvStatus CsvReader::fail(CsvErrorKind kind, qint64 line, const QString &message)
{
    m_failed = true;
    m_error = CsvError{kind, line, message};
    return CsvStatus::Failed;
}

CsvStatus CsvReader::failWithKind(CsvErrorKind kind, qint64 line)
{
    return fail(kind, line, messageFor(kind, line, 0));
}

CsvReader::ParseResult CsvReader::parseRecord(QStringList &fields, qint64 &startLine)
{
    m_fieldCount = 0;
    m_field.resize(0);
    m_recordError = {};

    // Blank lines between records carry nothing; skip them (docs/csv.md).
    for (;;) {
        if (!fillBuffer()) {
            if (m_readFailed) {
                fail(CsvErrorKind::ReadFailed, m_line,
                     QCoreApplication::translate("CsvReader", "The file could not be read after line %1: %2")
                         .arg(m_line)
                         .arg(m_device->errorString()));
                return ParseResult::Fatal;
            }
            fields.clear();
            return ParseResult::EndOfFile;
        }
        const char c = m_buffer.at(m_pos);
        if (!isLineBreak(c))
            break;
        ++m_pos;
        ++m_line;
        if (c == '\r' && fillBuffer() && m_buffer.at(m_pos) == '\n')
            ++m_pos;
    }

    enum class State { FieldStart, Unquoted, Quoted, AfterQuoteInQuoted };
    State state = State::FieldStart;
    startLine = m_line;
    qint64 fieldLine = m_line;

    const auto tooLarge = [&]() {
        fail(CsvErrorKind::FieldTooLarge, fieldLine, messageFor(CsvErrorKind::FieldTooLarge, fieldLine, m_fieldCount + 1));
        return ParseResult::Fatal;
    };
    const auto tooManyFields = [&]() {
        failWithKind(CsvErrorKind::RecordTooLarge, startLine);
        return ParseResult::Fatal;
    };
    // Drops the fields a longer previous record left behind.
    const auto endRecord = [&]() {
        fields.resize(m_fieldCount);
        return ParseResult::Record;
    };
    // Consumes a line break (CRLF, LF or lone CR) that ends the record.
    const auto consumeRecordEnd = [&](char c) {
        ++m_pos;
        ++m_line;
        if (c == '\r' && fillBuffer() && m_buffer.at(m_pos) == '\n')
            ++m_pos;
    };

    for (;;) {
        if (!fillBuffer()) {
            if (m_readFailed) {
                fail(CsvErrorKind::ReadFailed, m_line,
                     QCoreApplication::translate("CsvReader", "The file could not be read after line %1: %2")
                         .arg(m_line)
                         .arg(m_device->errorString()));
                return ParseResult::Fatal;
            }
            if (state == State::Quoted) {
                failWithKind(CsvErrorKind::UnterminatedQuote, fieldLine);
                return ParseResult::Fatal;
            }
            // A last record without a line break, or "a,b," ending in an empty field.
            if (!finishField(fields, m_field, fieldLine))
                return tooManyFields();
            return endRecord();
        }

        const char *data = m_buffer.constData();
        const qsizetype size = m_buffer.size();

        switch (state) {
        case State::FieldStart:
            fieldLine = m_line;
            if (data[m_pos] == '"') {
                ++m_pos;
                state = State::Quoted;
                break;
            }
            state = State::Unquoted;
            [[fallthrough]];
        case State::Unquoted: {
            const char *begin = data + m_pos;
            const char *stop = findStop(begin, data + size, kStops.unquoted);
            const qsizetype end = stop - data;
            if (end == size || *stop == '"') {
                if (!appendToField(begin, stop - begin))
                    return tooLarge();
                m_pos = end;
                if (end < size) {
                    // Kept as text so the caller can show the row as it was.
                    noteRecordError(CsvErrorKind::QuoteInUnquotedField, m_line, m_fieldCount + 1);
                    ++m_pos;
                    if (!appendToField("\"", 1))
                        return tooLarge();
                }
                break; // otherwise the field goes on in the next chunk
            }
            // The common case: the whole field lies in this chunk, so decode
            // it straight from the buffer without copying it first. The
            // buffer must not be refilled before finishField().
            QByteArrayView bytes(begin, stop - begin);
            if (!m_field.isEmpty()) {
                if (!appendToField(begin, stop - begin))
                    return tooLarge();
                bytes = m_field;
            }
            const char c = *stop;
            m_pos = end;
            if (!finishField(fields, bytes, fieldLine))
                return tooManyFields();
            if (c == ',') {
                ++m_pos;
                state = State::FieldStart;
                break;
            }
            consumeRecordEnd(c);
            return endRecord();
        }
        case State::Quoted: {
            const qsizetype end = findStop(data + m_pos, data + size, kStops.quoted) - data;
            if (!appendToField(data + m_pos, end - m_pos))
                return tooLarge();
            m_pos = end;
            if (end == size)
                break;
            const char c = data[m_pos];
            ++m_pos;
            if (c == '"') {
                state = State::AfterQuoteInQuoted;
            } else {
                // A line break inside quotes is field content, kept byte for
                // byte; it still starts a new physical line.
                if (!appendToField(&c, 1))
                    return tooLarge();
                if (c == '\n') {
                    ++m_line;
                } else {
                    ++m_line;
                    if (fillBuffer() && m_buffer.at(m_pos) == '\n') {
                        ++m_pos;
                        if (!appendToField("\n", 1))
                            return tooLarge();
                    }
                }
            }
            break;
        }
        case State::AfterQuoteInQuoted: {
            const char c = data[m_pos];
            if (c == '"') {
                ++m_pos;
                if (!appendToField("\"", 1))
                    return tooLarge();
                state = State::Quoted;
            } else if (c == ',') {
                ++m_pos;
                if (!finishField(fields, m_field, fieldLine))
                    return tooManyFields();
                state = State::FieldStart;
            } else if (isLineBreak(c)) {
                if (!finishField(fields, m_field, fieldLine))
                    return tooManyFields();
                consumeRecordEnd(c);
                return endRecord();
            } else {
                // Read the rest as plain text so the record keeps its shape.
                noteRecordError(CsvErrorKind::TextAfterClosingQuote, m_line, m_fieldCount + 1);
                state = State::Unquoted;
            }
            break;
        }
        }
    }
}

CsvStatus CsvReader::readHeader()
{
    Q_ASSERT(!m_headerRead);
    m_headerRead = true;
    skipByteOrderMark();

    qint64 line = 0;
    const ParseResult result = parseRecord(m_header, line);
    if (result == ParseResult::Fatal)
        return CsvStatus::Failed;
    if (result == ParseResult::EndOfFile)
        return failWithKind(CsvErrorKind::EmptyFile, 0);
    if (line != 1)
        return failWithKind(CsvErrorKind::MissingHeader, 1);
    if (m_recordError.isError()) {
        // Without trustworthy column names no row can be read correctly.
        m_failed = true;
        m_error = m_recordError;
        return CsvStatus::Failed;
    }

    m_foldedHeader.clear();
    m_foldedHeader.reserve(m_header.size());
    for (qsizetype i = 0; i < m_header.size(); ++i) {
        m_header[i] = m_header[i].trimmed();
        if (m_header[i].isEmpty()) {
            return fail(CsvErrorKind::EmptyColumnName, 1,
                        QCoreApplication::translate("CsvReader",
                                                    "Column %1 in the header on line 1 has no name. "
                                                    "Give every column a name in the first line.")
                            .arg(i + 1));
        }
        m_foldedHeader.append(m_header[i].toCaseFolded());
    }

    m_error = {};
    for (qsizetype i = 1; i < m_foldedHeader.size(); ++i) {
        const qsizetype first = m_foldedHeader.indexOf(m_foldedHeader[i]);
        if (first < i) {
            m_error = CsvError{CsvErrorKind::DuplicateColumn, 1,
                               QCoreApplication::translate("CsvReader",
                                                           "The header on line 1 names the column \"%1\" more than once "
                                                           "(columns %2 and %3). Rename or remove one of them.")
                                   .arg(m_header[i])
                                   .arg(first + 1)
                                   .arg(i + 1)};
            return CsvStatus::BadRecord;
        }
    }
    return CsvStatus::Record;
}

CsvStatus CsvReader::readRecord(CsvRecord &record)
{
    Q_ASSERT(m_headerRead);
    if (m_failed)
        return CsvStatus::Failed;
    if (m_stopRequested.load(std::memory_order_relaxed))
        return failWithKind(CsvErrorKind::Cancelled, m_line);

    const ParseResult result = parseRecord(record.fields, record.line);
    if (result == ParseResult::Fatal)
        return CsvStatus::Failed;
    if (result == ParseResult::EndOfFile) {
        m_error = {};
        return CsvStatus::EndOfFile;
    }
    if (m_recordError.isError()) {
        m_error = m_recordError;
        return CsvStatus::BadRecord;
    }

    const qsizetype expected = m_header.size();
    const qsizetype got = record.fields.size();
    if (got != expected) {
        const CsvErrorKind kind = got < expected ? CsvErrorKind::TooFewFields : CsvErrorKind::TooManyFields;
        const QString message = got < expected
            ? QCoreApplication::translate("CsvReader",
                                          "Line %1 has %2 fields but the header has %3. "
                                          "Check for a missing comma or a line break outside quotes.")
            : QCoreApplication::translate("CsvReader",
                                          "Line %1 has %2 fields but the header has %3. "
                                          "Enclose fields that contain commas in quotes.");
        m_error = CsvError{kind, record.line, message.arg(record.line).arg(got).arg(expected)};
        return CsvStatus::BadRecord;
    }
    m_error = {};
    return CsvStatus::Record;
}

qsizetype CsvReader::columnIndex(QStringView name) const
{
    return m_foldedHeader.indexOf(name.toString().trimmed().toCaseFolded());
}

} // namespace sk
