package dev.presence.interfaces.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Tyrus keeps a buffer per connection of data read and not yet parsed, up to 4 MB unless the application
 * says otherwise; frames over 64 KiB are refused anyway, so the deployment descriptor bounds it to four
 * frames (room for frames sent back to back while the node is busy).
 */
class IncomingBufferTest {

    private static final String TYRUS_PARAM = "org.glassfish.tyrus.servlet.incoming-buffer-size";
    @Test
    void tyrusIncomingBufferIsFourFramesNotFourMegabytes() throws Exception {
        Document webXml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("src/main/webapp/WEB-INF/web.xml").toFile());
        NodeList params = webXml.getElementsByTagName("context-param");
        String value = null;
        for (int i = 0; i < params.getLength(); i++) {
            Element p = (Element) params.item(i);
            if (TYRUS_PARAM.equals(p.getElementsByTagName("param-name").item(0).getTextContent().trim())) {
                value = p.getElementsByTagName("param-value").item(0).getTextContent().trim();
            }
        }
        assertEquals(String.valueOf(4 * PresenceEndpoint.MAX_FRAME_BYTES), value);
    }
}
