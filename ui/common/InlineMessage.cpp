#include "common/InlineMessage.h"

#include <QAccessible>
#include <QDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace sk {

InlineMessage::InlineMessage(QWidget *parent) : QWidget(parent), m_icon(new QLabel(this)), m_text(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_icon->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    setVisible(false);
}

void InlineMessage::showError(const QString &text)
{
    showMessage(Kind::Error, text);
}

void InlineMessage::showInformation(const QString &text)
{
    showMessage(Kind::Information, text);
}

void InlineMessage::clear()
{
    m_text->clear();
    setVisible(false);
}

QString InlineMessage::text() const
{
    return m_text->text();
}

void InlineMessage::growDialogToFit()
{
    // A layout's minimum size ignores how tall wrapped text gets at the
    // window's width, so a dialog would squeeze its fields to make room for
    // a long message instead of growing.
    auto *dialog = qobject_cast<QDialog *>(window());
    if (!dialog || !dialog->isVisible() || !dialog->layout())
        return;
    dialog->layout()->activate();
    const int needed = dialog->layout()->hasHeightForWidth() ? dialog->layout()->totalHeightForWidth(dialog->width())
                                                             : dialog->layout()->totalMinimumSize().height();
    if (needed > dialog->height())
        dialog->resize(dialog->width(), needed);
}

void InlineMessage::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    const int extent = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    const QStyle::StandardPixmap icon =
        kind == Kind::Error ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxInformation;
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(extent, extent));
    QPalette palette = m_text->palette();
    // A dark red that stays readable on light and dark window colours.
    palette.setColor(QPalette::WindowText, kind == Kind::Error ? QColor(0xc0, 0x1c, 0x28)
                                                               : this->palette().color(QPalette::WindowText));
    m_text->setPalette(palette);
    m_text->setText(text);
    setVisible(!text.isEmpty());
    growDialogToFit();
    if (kind == Kind::Error) {
        QAccessibleEvent event(m_text, QAccessible::Alert);
        QAccessible::updateAccessibility(&event);
    }
}

} // namespace sk
