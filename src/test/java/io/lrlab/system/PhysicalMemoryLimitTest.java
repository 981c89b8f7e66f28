package io.lrlab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** JavaCPP's physical-memory limit: off by default, a given limit kept in either spelling JavaCPP reads. */
class PhysicalMemoryLimitTest {

    private static final String CAMEL = "org.bytedeco.javacpp.maxPhysicalBytes";
    private static final String LOWER = "org.bytedeco.javacpp.maxphysicalbytes";

    @Test
    void offWhenNoLimitIsGiven() {
        Properties p = new Properties();
        NativeBackend.physicalMemoryLimitOffUnlessGiven(p);
        assertThat(p.getProperty(CAMEL)).isEqualTo("0");
    }

    @Test
    void aLowerCaseLimitAsTheContainerGivesItStaysInForce() {
        // JavaCPP reads the camel-case spelling over the lower-case one: setting it would silently drop this limit
        Properties p = new Properties();
        p.setProperty(LOWER, "3G");
        NativeBackend.physicalMemoryLimitOffUnlessGiven(p);
        assertThat(p.getProperty(CAMEL)).isNull();
        assertThat(p.getProperty(LOWER)).isEqualTo("3G");
    }

    @Test
    void aCamelCaseLimitStays() {
        Properties p = new Properties();
        p.setProperty(CAMEL, "8G");
        NativeBackend.physicalMemoryLimitOffUnlessGiven(p);
        assertThat(p.getProperty(CAMEL)).isEqualTo("8G");
    }
}
