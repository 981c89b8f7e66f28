package io.lrlab;

import io.lrlab.system.NativeBackend;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LrlabApplication {

    public static void main(String[] args) {
        // why: charts are drawn with Java2D on servers without a display
        System.setProperty("java.awt.headless", "true");
        NativeBackend.configure();
        SpringApplication.run(LrlabApplication.class, args);
    }
}
