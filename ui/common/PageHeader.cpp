#include "common/PageHeader.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

PageHeader::PageHeader(const QString &title, const QString &summary, QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *titleLabel = new QLabel(title, this);
    titleLabel->setObjectName(u"pageTitle"_s);
    titleLabel->setTextFormat(Qt::PlainText);
    QFont font = titleLabel->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    titleLabel->setFont(font);
    titleLabel->setAccessibleName(title);
    auto *summaryLabel = new QLabel(summary, this);
    summaryLabel->setObjectName(u"pageSummary"_s);
    summaryLabel->setTextFormat(Qt::PlainText);
    summaryLabel->setWordWrap(true);
    QPalette palette = summaryLabel->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    summaryLabel->setPalette(palette);
    layout->addWidget(titleLabel);
    layout->addWidget(summaryLabel);
}

} // namespace sk
