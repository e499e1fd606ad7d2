#include "reports/ReportExport.h"

#include "catalog/CsvWriter.h"

#include <QBuffer>
#include <QFontMetrics>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Error cannotWrite(const QString &path, const QString &why)
{
    return Error::make(ErrorCode::Unavailable,
                       QCoreApplication::translate("ReportExport",
                                                   "Could not write %1: %2. Choose another folder or file name.")
                           .arg(path, why));
}

} // namespace

QByteArray ReportExport::tableCsv(const ReportTable &table)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    writer.writeHeader(table.headers);
    for (const QStringList &row : table.rows)
        writer.writeRecord(row);
    if (!table.totals.isEmpty())
        writer.writeRecord(table.totals);
    return bytes;
}

Status ReportExport::writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(path, file.errorString());
    if (file.write(bytes) != bytes.size() || !file.commit())
        return cannotWrite(path, file.errorString());
    return Status::success();
}

Status ReportExport::writePdf(const QString &path, const QString &title, const QString &subtitle,
                              const QPixmap &chart, const ReportTable &table)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(path, file.errorString());
    {
        QPdfWriter pdf(&file);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        pdf.setTitle(title);
        pdf.setResolution(300);
        QPainter painter(&pdf);
        const QRect page = painter.viewport();
        const int width = page.width();
        int y = 0;

        QFont titleFont = painter.font();
        titleFont.setPointSizeF(16);
        titleFont.setBold(true);
        QFont bodyFont = painter.font();
        bodyFont.setPointSizeF(9);
        QFont boldFont = bodyFont;
        boldFont.setBold(true);

        painter.setFont(titleFont);
        const int titleHeight = QFontMetrics(titleFont, &pdf).height();
        painter.drawText(QRect(0, y, width, titleHeight), Qt::AlignLeft, title);
        y += titleHeight;
        painter.setFont(bodyFont);
        const int lineHeight = QFontMetrics(bodyFont, &pdf).height() * 13 / 10;
        painter.drawText(QRect(0, y, width, lineHeight), Qt::AlignLeft, subtitle);
        y += lineHeight * 2;

        if (!chart.isNull()) {
            const QSize size = chart.size().scaled(width, page.height() / 2, Qt::KeepAspectRatio);
            painter.drawPixmap(QRect(0, y, size.width(), size.height()), chart);
            y += size.height() + lineHeight;
        }

        const int columns = int(table.headers.size());
        if (columns > 0) {
            // The first column holds names and gets twice the room of a figure.
            const int unit = width / (columns + 1);
            auto columnRect = [&](int column) {
                const int left = column == 0 ? 0 : unit * (column + 1);
                return QRect(left, y, column == 0 ? unit * 2 : unit, lineHeight);
            };
            // Headers may take two lines ("Net after / refunds"); figures are never cut.
            auto drawRow = [&](const QStringList &cells, const QFont &font, int lines) {
                if (y + lineHeight * lines > page.height()) {
                    pdf.newPage();
                    y = 0;
                }
                painter.setFont(font);
                for (int column = 0; column < columns; ++column) {
                    QRect cell = columnRect(column).adjusted(lineHeight / 4, 0, -lineHeight / 4, 0);
                    cell.setHeight(lineHeight * lines);
                    const Qt::Alignment alignment =
                        (table.rightAligned.value(column) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom;
                    const QString text = lines > 1 ? cells.value(column)
                                                   : painter.fontMetrics().elidedText(cells.value(column),
                                                                                      Qt::ElideRight, cell.width());
                    painter.drawText(cell, int(alignment) | (lines > 1 ? int(Qt::TextWordWrap) : 0), text);
                }
                y += lineHeight * lines;
            };
            drawRow(table.headers, boldFont, 2);
            painter.drawLine(0, y, width, y);
            for (const QStringList &row : table.rows)
                drawRow(row, bodyFont, 1);
            if (!table.totals.isEmpty()) {
                painter.drawLine(0, y, width, y);
                drawRow(table.totals, boldFont, 1);
            }
        }
        if (!painter.end())
            return cannotWrite(path, tr("the PDF could not be drawn"));
    }
    if (!file.commit())
        return cannotWrite(path, file.errorString());
    return Status::success();
}

} // namespace sk
