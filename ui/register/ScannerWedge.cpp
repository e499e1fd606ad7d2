#include "register/ScannerWedge.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>
#include <QWidget>

namespace sk {

namespace {

bool editsText(const QWidget *widget)
{
    if (const auto *combo = qobject_cast<const QComboBox *>(widget))
        return combo->isEditable();
    return qobject_cast<const QLineEdit *>(widget) || qobject_cast<const QAbstractSpinBox *>(widget)
        || qobject_cast<const QTextEdit *>(widget) || qobject_cast<const QPlainTextEdit *>(widget);
}

bool isEnter(const QKeyEvent *key)
{
    return key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
}

bool isPrintable(const QKeyEvent *key)
{
    if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
        return false;
    const QString text = key->text();
    return text.size() == 1 && text.at(0).isPrint() && !text.at(0).isSpace();
}

} // namespace

ScannerWedge::ScannerWedge(QWidget *page, QWidget *scanBox) : QObject(page), m_page(page), m_scanBox(scanBox)
{
    // A person's next key comes later than a scanner's; what was held back
    // by then was typed, not scanned.
    m_flush.setSingleShot(true);
    m_flush.setInterval(kMaxKeyGapMs * 3);
    connect(&m_flush, &QTimer::timeout, this, &ScannerWedge::flushTyped);
}

void ScannerWedge::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (active) {
        qApp->installEventFilter(this);
    } else {
        qApp->removeEventFilter(this);
        flushTyped();
    }
}

bool ScannerWedge::belongsToPage(QObject *watched) const
{
    auto *widget = qobject_cast<QWidget *>(watched);
    if (!widget || widget == m_scanBox)
        return false;
    // Dialogs opened by the page are windows of their own: a scan there is theirs.
    return widget == m_page || (m_page->isAncestorOf(widget) && widget->window() == m_page->window());
}

void ScannerWedge::flushTyped()
{
    m_flush.stop();
    if (!m_holdingBack || m_burst.isEmpty()) {
        m_burst.clear();
        m_holdingBack = false;
        return;
    }
    const QString text = m_burst;
    m_burst.clear();
    m_holdingBack = false;
    emit typed(text);
}

bool ScannerWedge::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress || !m_page->isVisible() || !belongsToPage(watched))
        return QObject::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    auto *widget = static_cast<QWidget *>(watched);
    const bool fast = m_sinceLastKey.isValid() && m_sinceLastKey.elapsed() <= kMaxKeyGapMs;

    if (isPrintable(key)) {
        if (!fast || widget != m_target) {
            flushTyped();
            m_target = widget;
            m_holdingBack = !editsText(widget);
        }
        m_burst += key->text();
        m_sinceLastKey.start();
        if (m_holdingBack) {
            m_flush.start();
            return true;
        }
        return QObject::eventFilter(watched, event);
    }

    if (isEnter(key) && fast && widget == m_target && m_burst.size() >= kMinCodeLength) {
        const QString code = m_burst;
        if (!m_holdingBack) {
            // The field got the code as typing: take it back out.
            if (auto *edit = qobject_cast<QLineEdit *>(widget); edit && edit->text().endsWith(code))
                edit->setText(edit->text().chopped(code.size()));
        }
        m_burst.clear();
        m_holdingBack = false;
        m_flush.stop();
        m_sinceLastKey.invalidate();
        emit scanned(code);
        return true;
    }

    flushTyped();
    m_sinceLastKey.invalidate();
    return QObject::eventFilter(watched, event);
}

} // namespace sk
