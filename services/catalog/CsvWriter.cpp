#include "catalog/CsvWriter.h"

#include <QCoreApplication>
#include <QIODevice>

namespace sk {

namespace {

bool isEdgeSpace(QChar c)
{
    return c == u' ' || c == u'\t';
}

} // namespace

CsvWriter::CsvWriter(QIODevice *device, ByteOrderMark byteOrderMark)
    : m_device(device)
    , m_byteOrderMarkPending(byteOrderMark == ByteOrderMark::Write)
{
    Q_ASSERT(m_device && m_device->isWritable());
}

bool CsvWriter::needsQuotes(QStringView field)
{
    if (field.isEmpty())
        return false;
    // Leading or trailing blanks: many tools trim unquoted fields.
    // A leading U+FEFF: CsvReader would take it for a byte order mark.
    if (isEdgeSpace(field.front()) || isEdgeSpace(field.back()) || field.front() == QChar(0xFEFF))
        return true;
    for (const QChar c : field) {
        if (c == u',' || c == u'"' || c == u'\r' || c == u'\n')
            return true;
    }
    return false;
}

void CsvWriter::appendField(QByteArray &out, QStringView field)
{
    if (!needsQuotes(field)) {
        out.append(field.toUtf8());
        return;
    }
    out.append('"');
    QByteArray utf8 = field.toUtf8();
    out.append(utf8.replace('"', QByteArrayView("\"\"")));
    out.append('"');
}

bool CsvWriter::writeLine(const QStringList &fields)
{
    m_line.resize(0);
    if (m_byteOrderMarkPending) {
        m_line.append("\xEF\xBB\xBF");
        m_byteOrderMarkPending = false;
    }
    if (fields.size() == 1 && fields.front().isEmpty()) {
        // A bare empty line would be skipped as blank on reading.
        m_line.append("\"\"");
    } else {
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i > 0)
                m_line.append(',');
            appendField(m_line, fields[i]);
        }
    }
    m_line.append("\r\n");

    if (m_device->write(m_line) != m_line.size()) {
        m_errorString = QCoreApplication::translate("CsvWriter",
                                                    "The CSV file could not be written: %1. "
                                                    "Check that the disk has space and the file is writable.")
                            .arg(m_device->errorString());
        return false;
    }
    return true;
}

bool CsvWriter::writeHeader(const QStringList &columnNames)
{
    Q_ASSERT(m_columnCount < 0);
    if (columnNames.isEmpty()) {
        m_errorString = QCoreApplication::translate("CsvWriter", "A CSV file needs at least one column.");
        return false;
    }
    m_columnCount = columnNames.size();
    return writeLine(columnNames);
}

bool CsvWriter::writeRecord(const QStringList &fields)
{
    if (m_columnCount < 0) {
        m_errorString = QCoreApplication::translate("CsvWriter", "The header must be written before the first row.");
        return false;
    }
    // A ragged file would be rejected row by row on import; refuse to write one.
    if (fields.size() != m_columnCount) {
        m_errorString = QCoreApplication::translate("CsvWriter",
                                                    "A row has %1 fields but the header has %2; the row was not written.")
                            .arg(fields.size())
                            .arg(m_columnCount);
        return false;
    }
    return writeLine(fields);
}

} // namespace sk
